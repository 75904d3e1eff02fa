import type { Database } from 'better-sqlite3'
import type { CrawlCompletion, RemovedBatch } from './archive'
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
  // A scan, once per complete crawl: cheaper than an index on last_seen_at, which every page
  // would have to rewrite for every row it touches. Rows up to markedUpTo were done in batches.
  const markRemoved = db.prepare<[number, number, number]>(
    `UPDATE conversations SET removed_at = ?
     WHERE rowid > ? AND removed_at IS NULL AND last_seen_at < ?`
  )
  return db.transaction((completion: CrawlCompletion) => {
    const startedAt = requireIsoMs(completion.startedAt, 'startedAt')
    const finishedAt = requireIsoMs(completion.finishedAt, 'finishedAt')
    const removed = completion.complete
      ? markRemoved.run(finishedAt, completion.markedUpTo ?? 0, startedAt).changes
      : 0
    // Only this crawl's checkpoint is cleared: a quick refresh run in the middle of an
    // unfinished full crawl saves the full crawl's checkpoint with its pages, to resume it later.
    const saved = syncState.readCheckpoint()
    if (saved === null || parseIsoMs(saved.startedAt) === startedAt) syncState.clearCheckpoint()
    syncState.recordSync(msToIso(finishedAt), completion.complete)
    return removed
  })
}

/**
 * Marks removed, as completeCrawl does, the rows of one rowid range: a million rows take most of
 * a second to scan, which the sync spreads over short batches between which the event loop
 * answers searches. Safe to repeat: a crash halfway leaves marks a complete crawl had proven.
 */
export function prepareMarkRemovedBatch(
  db: Database
): (completion: CrawlCompletion, afterRowid: number, batchRows: number) => RemovedBatch {
  const markRange = db.prepare<[number, number, number, number]>(
    `UPDATE conversations SET removed_at = ?
     WHERE rowid > ? AND rowid <= ? AND removed_at IS NULL AND last_seen_at < ?`
  )
  const lastRowid = db.prepare<[], number | null>('SELECT max(rowid) FROM conversations').pluck()
  return (completion, afterRowid, batchRows) => {
    if (!completion.complete) throw new RangeError('Only a complete crawl proves rows removed.')
    const startedAt = requireIsoMs(completion.startedAt, 'startedAt')
    const finishedAt = requireIsoMs(completion.finishedAt, 'finishedAt')
    const upTo = afterRowid + batchRows
    const marked = markRange.run(finishedAt, afterRowid, upTo, startedAt).changes
    return { marked, nextAfterRowid: upTo < (lastRowid.get() ?? 0) ? upTo : null }
  }
}
