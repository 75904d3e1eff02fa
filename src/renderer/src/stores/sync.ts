import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SyncStatus } from '@shared/ipc/contract'
import { api } from '../api'
import { useLoader } from './loader'

export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus | null>(null)
  const { loading, showSpinner, error, run } = useLoader()
  let unsubscribe: (() => void) | null = null

  const running = computed(() => status.value !== null && status.value.phase !== 'idle')
  const online = computed(() => status.value?.online ?? true)

  /**
   * Keeps the newer of what it holds and `next` (SyncStatus.seq): an event and a call's answer
   * travel apart. A quick sync can end before the answer that started it arrives, and an added
   * account's first sync before the switch to it is answered: taking the older 'running' then
   * would show a sync that never ends.
   */
  function take(next: SyncStatus): void {
    if (status.value === null || next.seq >= status.value.seq) status.value = next
  }

  /** Takes the status the app (or the account switched to) started with, then follows events. */
  function follow(initial: SyncStatus): void {
    take(initial)
    unsubscribe?.()
    unsubscribe = api.onSyncStatus(take)
  }

  function stopFollowing(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  async function answer(key: string, call: () => Promise<SyncStatus>): Promise<void> {
    take(await run(key, call))
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
