import type { Database } from 'better-sqlite3'
import type { CrawlCompletion } from './archive'
import type { SyncState } from './checkpoint'
import { msToIso, parseIsoMs, requireIsoMs } from './isoTime'

/**
 * Ends a crawl in one transaction. After a complete crawl every row the server still has was
 * seen since it started, so the others are marked removed; they stay in the archive, which is
 * history. Returns how many rows were marked.
 */
export function prepareCompleteCrawl(
  db: Database,
  syncState: SyncState
): (completion: CrawlCompletion) => number {
  // A full scan, once per complete crawl: cheaper than an index on last_seen_at, which every
  // page would have to rewrite for every row it touches.
  const markRemoved = db.prepare<[number, number]>(
    'UPDATE conversations SET removed_at = ? WHERE removed_at IS NULL AND last_seen_at < ?'
  )
  return db.transaction((completion: CrawlCompletion) => {
    const startedAt = requireIsoMs(completion.startedAt, 'startedAt')
    const finishedAt = requireIsoMs(completion.finishedAt, 'finishedAt')
    const removed = completion.complete ? markRemoved.run(finishedAt, startedAt).changes : 0
    // Only this crawl's checkpoint is cleared: a quick refresh run in the middle of an
    // unfinished full crawl saves the full crawl's checkpoint with its pages, to resume it later.
    const saved = syncState.readCheckpoint()
    if (saved === null || parseIsoMs(saved.startedAt) === startedAt) syncState.clearCheckpoint()
    syncState.recordSync(msToIso(finishedAt), completion.complete)
    return removed
  })
}
