import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { BackfillStatus } from '@shared/ipc/contract'
import { api } from '../api'
import { useLoader } from './loader'

/** The background fetch of missing and stale transcripts, as the main process reports it. */
export const useBackfillStore = defineStore('backfill', () => {
  const status = ref<BackfillStatus | null>(null)
  const { loading, showSpinner, error, run } = useLoader()
  let unsubscribe: (() => void) | null = null

  const phase = computed(() => status.value?.phase ?? 'off')

  /** Takes the status the app started with, then follows the main process's events. */
  function follow(initial: BackfillStatus | null): void {
    status.value = initial
    unsubscribe?.()
    unsubscribe = api.onBackfillStatus((next) => {
      status.value = next
    })
  }

  function stopFollowing(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  async function pause(): Promise<void> {
    status.value = await run('pause', () => api.pauseBackfill())
  }

  async function resume(): Promise<void> {
    status.value = await run('resume', () => api.resumeBackfill())
  }

  return { status, phase, loading, showSpinner, error, follow, stopFollowing, pause, resume }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useBackfillStore, import.meta.hot))
