import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ExportFormat, ExportInput, ExportStatus } from '@shared/ipc/contract'
import { api } from '../api'
import { useLoader } from './loader'

export type ExportScope = 'filtered' | 'all'

/** What the Export dialog asks: which rows, which format, whether with transcripts. */
export interface ExportChoice {
  scope: ExportScope
  format: ExportFormat
  transcripts: boolean
}

const IDLE: ExportStatus = {
  phase: 'idle',
  format: null,
  step: null,
  done: 0,
  total: null,
  path: null,
  transcriptsDir: null,
  error: null
}

export const useExportStore = defineStore('export', () => {
  const dialogOpen = ref(false)
  const choice = ref<ExportChoice>({ scope: 'filtered', format: 'csv', transcripts: false })
  const status = ref<ExportStatus>(IDLE)
  const { loading, error, run } = useLoader()
  let unsubscribe: (() => void) | null = null
  // As in the sync store: an answer never replaces a status event that came while it was on
  // its way, since main sends each change as an event before it answers.
  let events = 0

  const running = computed(
    () => status.value.phase === 'running' || status.value.phase === 'cancelling'
  )

  function follow(): void {
    if (unsubscribe) return
    unsubscribe = api.onExportStatus((next) => {
      events++
      status.value = next
    })
  }

  function stopFollowing(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  async function answer(key: string, call: () => Promise<ExportStatus>): Promise<void> {
    const seen = events
    const next = await run(key, call)
    if (events === seen) status.value = next
  }

  function openDialog(): void {
    dialogOpen.value = true
  }

  function closeDialog(): void {
    dialogOpen.value = false
  }

  /** Asks main where to save, then starts: `query` is the list's current filters. */
  function start(query: ExportInput['query']): Promise<void> {
    const { scope, format, transcripts } = choice.value
    return answer('start', () =>
      api.startExport({ query: scope === 'all' ? {} : query, format, transcripts })
    )
  }

  function cancel(): Promise<void> {
    return answer('cancel', () => api.cancelExport())
  }

  return {
    dialogOpen,
    choice,
    status,
    loading,
    error,
    running,
    follow,
    stopFollowing,
    openDialog,
    closeDialog,
    start,
    cancel
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useExportStore, import.meta.hot))
