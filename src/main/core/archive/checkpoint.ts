import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import type { CrawlCheckpoint, SyncHistory } from './archive'

const CHECKPOINT = 'checkpoint'
const LAST_SYNC_AT = 'last_sync_at'
const LAST_COMPLETE_CRAWL_AT = 'last_complete_crawl_at'

const checkpointSchema = z.object({
  mode: z.enum(['full', 'quick']),
  startedAt: z.string(),
  cursor: z.string().nullable(),
  pages: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative()
})

/** The sync_state table: the crawl checkpoint and the sync history, one value per key. */
export interface SyncState {
  readCheckpoint(): CrawlCheckpoint | null
  saveCheckpoint(checkpoint: CrawlCheckpoint): void
  clearCheckpoint(): void
  readHistory(): SyncHistory
  recordSync(finishedAt: string, complete: boolean): void
}

export function prepareSyncState(db: Database): SyncState {
  const read = db.prepare<[string], string>('SELECT value FROM sync_state WHERE key = ?').pluck()
  const write = db.prepare<[string, string]>(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ' +
      'ON CONFLICT (key) DO UPDATE SET value = excluded.value'
  )
  const remove = db.prepare<[string]>('DELETE FROM sync_state WHERE key = ?')

  return {
    readCheckpoint() {
      const json = read.get(CHECKPOINT)
      if (json === undefined) return null
      // A checkpoint that does not parse is forgotten: the next crawl starts over rather than
      // resuming from a place it cannot trust.
      const parsed = checkpointSchema.safeParse(safeJsonParse(json))
      return parsed.success ? parsed.data : null
    },
    saveCheckpoint(checkpoint) {
      write.run(CHECKPOINT, JSON.stringify(checkpointSchema.parse(checkpoint)))
    },
    clearCheckpoint() {
      remove.run(CHECKPOINT)
    },
    readHistory() {
      return {
        lastSyncAt: read.get(LAST_SYNC_AT) ?? null,
        lastCompleteCrawlAt: read.get(LAST_COMPLETE_CRAWL_AT) ?? null
      }
    },
    recordSync(finishedAt, complete) {
      write.run(LAST_SYNC_AT, finishedAt)
      if (complete) write.run(LAST_COMPLETE_CRAWL_AT, finishedAt)
    }
  }
}

function safeJsonParse(json: string): unknown {
  try {
    return JSON.parse(json) as unknown
  } catch {
    return null
  }
}
