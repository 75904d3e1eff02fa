import { watch } from 'vue'
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
      void filters.load()
      void app.load()
    }
  )
}
