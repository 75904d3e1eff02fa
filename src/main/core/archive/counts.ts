import type { Database } from 'better-sqlite3'
import { STATS_SQL } from './stats'

export interface ArchiveCounts {
  /** Every row the archive holds, removed ones included. */
  total: number
  removed: number
}

/**
 * Reads without scanning what the app asks for often: the row counts (the sync's progress, the
 * settings' archive line) and which types occur (the type filter). stats() answers the same
 * from whole-index scans, a quarter of a second and more at a million rows.
 */
export const COUNTS_SQL = {
  // Rows are never deleted (a conversation the server drops is marked removed) and SQLite gives
  // a new row the largest rowid plus one, so the largest rowid is the count: one index probe.
  total: 'SELECT max(rowid) FROM conversations',
  // One probe per type along conversations_type: a handful, however many rows each has.
  types: `WITH RECURSIVE present (type) AS (
      SELECT min(type) FROM conversations
      UNION ALL
      SELECT (SELECT min(type) FROM conversations WHERE type > present.type)
      FROM present WHERE present.type IS NOT NULL
    )
    SELECT type FROM present WHERE type IS NOT NULL`
}

export function prepareCounts(db: Database): {
  counts: () => ArchiveCounts
  types: () => string[]
} {
  const total = db.prepare<[], number | null>(COUNTS_SQL.total).pluck()
  const removed = db.prepare<[], number>(STATS_SQL.removed).pluck()
  const types = db.prepare<[], string>(COUNTS_SQL.types).pluck()
  return {
    counts: () => ({ total: total.get() ?? 0, removed: removed.get() ?? 0 }),
    types: () => types.all()
  }
}
