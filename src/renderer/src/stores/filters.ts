import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { FilterOptions } from '@shared/ipc/contract'
import { api } from '../api'
import { useLoader } from './loader'

export const useFiltersStore = defineStore('filters', () => {
  const options = ref<FilterOptions>({ types: [], assistants: [], senders: [] })
  const { loading, showSpinner, error, run } = useLoader()

  async function load(): Promise<void> {
    options.value = await run('load', () => api.getFilterOptions())
  }

  return { options, loading, showSpinner, error, load }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useFiltersStore, import.meta.hot))
