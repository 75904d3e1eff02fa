import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { FilterOptions } from '@shared/ipc/contract'
import { api } from '../api'
import { useLoader } from './loader'

function noOptions(): FilterOptions {
  return { types: [], assistants: [], senders: [] }
}

export const useFiltersStore = defineStore('filters', () => {
  const options = ref<FilterOptions>(noOptions())
  const { loading, showSpinner, error, run } = useLoader()
  // An answer asked for before a reset is another account's choices: it is dropped.
  let generation = 0

  async function load(): Promise<void> {
    const mine = generation
    const next = await run('load', () => api.getFilterOptions())
    if (mine === generation) options.value = next
  }

  /** Another account is shown: its choices are not these. */
  function reset(): void {
    generation++
    options.value = noOptions()
    error.value = null
  }

  return { options, loading, showSpinner, error, load, reset }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useFiltersStore, import.meta.hot))
