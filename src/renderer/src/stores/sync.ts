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

  /** Takes the status the app started with, then follows the main process's events. */
  function follow(initial: SyncStatus): void {
    status.value = initial
    unsubscribe?.()
    unsubscribe = api.onSyncStatus((next) => {
      status.value = next
    })
  }

  function stopFollowing(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  async function start(): Promise<void> {
    // A quick refresh once the archive has been filled; the first sync walks everything.
    const mode = status.value?.lastSyncAt ? 'quick' : 'full'
    status.value = await run('start', () => api.startSync(mode))
  }

  async function cancel(): Promise<void> {
    status.value = await run('cancel', () => api.cancelSync())
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
