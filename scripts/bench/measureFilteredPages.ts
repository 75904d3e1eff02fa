import type { Archive } from '../../src/main/core'
import { ASSISTANTS } from '../../src/main/core/mockApi/generateConversations'
import { between, pickFrom, seededRandom } from './random'
import { percentile, timeMs } from './statistics'

export interface FilteredPageFigures {
  lists: number
  firstPageP95Ms: number
  nextPageP95Ms: number
}

const TYPES = ['whatsapp', 'widget', 'api', 'test']
const DAY_MS = 86_400_000
const LISTS = 200

/**
 * A manager's list: one type, one assistant, a date range of one to twelve weeks somewhere in
 * the archive's span (longer in a small archive), 50 rows, newest first; then the keyset page
 * after it.
 */
export function measureFilteredPages(archive: Archive): FilteredPageFigures {
  const stats = archive.stats()
  const oldest = Date.parse(stats.oldest_created_at ?? '')
  const newest = Date.parse(stats.newest_created_at ?? '')
  // The rarest pair (a test chat of one assistant) is about 1 row in 75: a range holds at least
  // two pages of it on average, so that a next page exists to be measured in a small archive too.
  const rowsPerMs = stats.total / Math.max(1, newest - oldest)
  const shortestSpanMs = Math.min(newest - oldest, (2 * 50 * 75) / rowsPerMs)
  const random = seededRandom(11)
  const first: number[] = []
  const next: number[] = []
  for (let i = 0; i < LISTS; i++) {
    const spanMs = Math.max(between(random, 7, 84) * DAY_MS, shortestSpanMs)
    const from = oldest + random() * Math.max(0, newest - oldest - spanMs)
    const query = {
      type: pickFrom(random, TYPES),
      assistantId: pickFrom(random, ASSISTANTS).id,
      createdFrom: new Date(from).toISOString(),
      createdTo: new Date(from + spanMs).toISOString(),
      limit: 50
    }
    let cursor: string | null = null
    first.push(timeMs(() => (cursor = archive.search(query).nextCursor)))
    if (cursor !== null) next.push(timeMs(() => archive.search({ ...query, cursor })))
  }
  return {
    lists: LISTS,
    firstPageP95Ms: percentile(first, 95),
    nextPageP95Ms: percentile(next, 95)
  }
}
