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
  // Counts the statuses taken from events, so that an answer to Pause or Resume can tell whether
  // one came while it was on its way.
  let events = 0

  const phase = computed(() => status.value?.phase ?? 'off')

  /** Takes the status the app started with, then follows the main process's events. */
  function follow(initial: BackfillStatus | null): void {
    status.value = initial
    events++
    unsubscribe?.()
    unsubscribe = api.onBackfillStatus((next) => {
      events++
      status.value = next
    })
  }

  function stopFollowing(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  /**
   * Main sends an event for each change before it answers, so an event that came after the call
   * started is at least as new as the answer: the answer then would only take the bar back.
   */
  async function answer(key: string, call: () => Promise<BackfillStatus>): Promise<void> {
    const seen = events
    const next = await run(key, call)
    if (events === seen) status.value = next
  }

  function pause(): Promise<void> {
    return answer('pause', () => api.pauseBackfill())
  }

  function resume(): Promise<void> {
    return answer('resume', () => api.resumeBackfill())
  }

  return { status, phase, loading, showSpinner, error, follow, stopFollowing, pause, resume }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useBackfillStore, import.meta.hot))
