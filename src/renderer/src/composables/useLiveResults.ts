import { watch } from 'vue'
import type { SyncStatus } from '@shared/ipc/contract'
import { useAppStore } from '../stores/app'
import { PAGE_SIZE, useSearchStore } from '../stores/search'
import { useSyncStore } from '../stores/sync'
import { useFiltersStore } from '../stores/filters'

// While a sync runs, re-read the first page at most this often, so the list fills as rows arrive.
const LIVE_REFRESH_MS = 1500

/** Keeps results in step with the query as it is typed and with the archive as syncs write to it. */
export function useLiveResults(): void {
  const app = useAppStore()
  const search = useSearchStore()
  const sync = useSyncStore()
  const filters = useFiltersStore()
  let lastLiveRefresh = 0

  watch(
    () => [search.input, search.filters],
    () => {
      if (app.hasKey) void search.search()
    },
    { deep: true }
  )

  watch(
    () => sync.status?.progress?.rows ?? 0,
    () => {
      const now = Date.now()
      // Only while the person is still looking at the first page: never yank a scrolled list.
      if (now - lastLiveRefresh < LIVE_REFRESH_MS || search.results.length > PAGE_SIZE) return
      lastLiveRefresh = now
      void search.search()
    }
  )

  watch(
    () => sync.running,
    (running, wasRunning) => {
      if (running || !wasRunning) return
      void search.refresh()
      // Most syncs are quick refreshes that find nothing new; the filter choices and the
      // archive's figures then stand, and over a big archive recounting them is not free.
      if (!syncChangedNothing(sync.status)) {
        void filters.load()
        void app.load()
      }
    }
  )
}

/** A sync that ended without error and wrote, updated and removed nothing. */
function syncChangedNothing(status: SyncStatus | null): boolean {
  const summary = status?.lastSummary
  if (!status || status.lastError || !summary) return false
  return summary.inserted === 0 && summary.updated === 0 && summary.removed === 0
}
