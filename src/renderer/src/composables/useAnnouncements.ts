import { onScopeDispose, watch } from 'vue'
import { countAnnouncement, syncMilestone } from '../lib/announcements'
import { useAnnouncerStore } from '../stores/announcer'
import { useSearchStore } from '../stores/search'
import { useSyncStore } from '../stores/sync'

/**
 * A new query's count is told once it has stood this long: a person typing "john" hears one
 * count, not four. Refreshes of the same query (a sync writing rows) are not told at all.
 */
export const COUNT_ANNOUNCE_DELAY_MS = 600

/** Tells screen readers the result count of each new search and the sync's milestones. */
export function useAnnouncements(): void {
  const announcer = useAnnouncerStore()
  const search = useSearchStore()
  const sync = useSyncStore()
  let countTimer: ReturnType<typeof setTimeout> | undefined

  watch(
    () => search.count,
    (count, before) => {
      // A new query's results set the count to null, and its count replaces the null; a
      // refresh of the same query replaces one count with another.
      if (count === null) clearTimeout(countTimer)
      if (count === null || before !== null) return
      countTimer = setTimeout(() => {
        announcer.announce(countAnnouncement(search.count ?? count))
      }, COUNT_ANNOUNCE_DELAY_MS)
    }
  )

  watch(
    () => sync.status,
    (status, before) => {
      const text = syncMilestone(before ?? null, status)
      if (text) announcer.announce(text)
    }
  )

  onScopeDispose(() => clearTimeout(countTimer))
}
