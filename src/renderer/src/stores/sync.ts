import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SyncStatus } from '@shared/ipc/contract'
import { api } from '../api'
import { useLoader } from './loader'

export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus | null>(null)
  const { loading, showSpinner, error, run } = useLoader()
  let unsubscribe: (() => void) | null = null
  // Counts the statuses taken from events, so that an answer to Sync or Cancel can tell whether
  // one came while it was on its way.
  let events = 0

  const running = computed(() => status.value !== null && status.value.phase !== 'idle')
  const online = computed(() => status.value?.online ?? true)

  /** Takes the status the app started with, then follows the main process's events. */
  function follow(initial: SyncStatus): void {
    status.value = initial
    events++
    unsubscribe?.()
    unsubscribe = api.onSyncStatus((next) => {
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
   * started is at least as new as the answer. A quick sync can end before its answer arrives:
   * taking the answer's 'running' then would leave the Sync button disabled until the next sync.
   */
  async function answer(key: string, call: () => Promise<SyncStatus>): Promise<void> {
    const seen = events
    const next = await run(key, call)
    if (events === seen) status.value = next
  }

  function start(): Promise<void> {
    // A quick refresh once the archive has been filled; the first sync walks everything.
    const mode = status.value?.lastSyncAt ? 'quick' : 'full'
    return answer('start', () => api.startSync(mode))
  }

  function cancel(): Promise<void> {
    return answer('cancel', () => api.cancelSync())
  }

  return {
    status,
    loading,
    showSpinner,
    error,
    running,
    online,
    follow,
    stopFollowing,
    start,
    cancel
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSyncStore, import.meta.hot))
