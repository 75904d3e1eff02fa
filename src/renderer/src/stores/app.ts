import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppSettings, AppState, SaveKeyInput } from '@shared/ipc/contract'
import { api } from '../api'
import { useLoader } from './loader'

export const useAppStore = defineStore('app', () => {
  const state = ref<AppState | null>(null)
  const settingsOpen = ref(false)
  /** Where the file that was not an archive is kept, after a new archive was started. */
  const keptAside = ref<string | null>(null)
  const { loading, showSpinner, error, run } = useLoader()

  const hasKey = computed(() => state.value?.key.set ?? false)

  async function load(): Promise<AppState> {
    const next = await run('load', () => api.getAppState())
    state.value = next
    return next
  }

  /** Saves the key (the main process checks it against the API first), then reloads the state. */
  async function saveKey(input: SaveKeyInput): Promise<void> {
    await run('saveKey', () => api.saveApiKey(input))
    await load()
  }

  async function removeKey(): Promise<void> {
    await run('removeKey', () => api.removeApiKey())
    settingsOpen.value = false
    await load()
  }

  async function updateSettings(changes: Partial<AppSettings>): Promise<void> {
    state.value = await run('updateSettings', () => api.updateSettings(changes))
  }

  async function revealArchive(): Promise<void> {
    await run('revealArchive', () => api.revealArchive())
  }

  /** After 'not-an-archive': main sets that file aside and the next load opens a new archive. */
  async function startNewArchive(): Promise<void> {
    const { keptAs } = await run('startNewArchive', () => api.startNewArchive())
    keptAside.value = keptAs
  }

  return {
    state,
    settingsOpen,
    keptAside,
    loading,
    showSpinner,
    error,
    hasKey,
    load,
    saveKey,
    removeKey,
    updateSettings,
    revealArchive,
    startNewArchive
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAppStore, import.meta.hot))
