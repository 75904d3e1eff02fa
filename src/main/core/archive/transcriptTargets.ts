import type { Database } from 'better-sqlite3'
import { UsageError } from '../errors'
import type { TranscriptCounts, TranscriptTarget, TranscriptTargetQuery } from './archive'
import { msToIso, msToIsoOrNull, requireIsoMs } from './isoTime'

/** The most targets one call returns: a batch of the backfill, not the whole queue. */
export const MAX_TARGETS = 10_000

/** Bounds that leave every row in: no date the archive can hold is outside them. */
const EARLIEST_MS = -8.64e15
const LATEST = Number.MAX_SAFE_INTEGER

interface TargetRow {
  id: string
  created_at: number
  message_count: number | null
  updated_at: number | null
  fetched: 0 | 1
}

/**
 * The backfill's queue and its tally. Both read the partial index of conversations whose
 * transcript is due (migration 003), which holds only those: once most transcripts are
 * fetched a batch of targets reads a batch of index entries, whatever the archive's size.
 */
export const TRANSCRIPT_TARGETS_SQL = `
  SELECT c.id, c.created_at, c.message_count, c.updated_at, t.fetched_at IS NOT NULL AS fetched
  FROM conversations AS c INDEXED BY conversations_transcript_due
  LEFT JOIN transcripts AS t ON t.conversation_rowid = c.rowid
  WHERE c.transcript_due IS NOT NULL AND c.removed_at IS NULL
    AND c.created_at >= ? AND (c.created_at, c.rowid) < (?, ?)
  ORDER BY c.created_at DESC, c.rowid DESC
  LIMIT ?`

export const TRANSCRIPT_COUNTS_SQL = {
  due: `SELECT count(*) - count(t.fetched_at) AS missing, count(t.fetched_at) AS stale
    FROM conversations AS c INDEXED BY conversations_transcript_due
    LEFT JOIN transcripts AS t ON t.conversation_rowid = c.rowid
    WHERE c.transcript_due IS NOT NULL AND c.removed_at IS NULL AND c.created_at >= ?`,
  notFound: `SELECT count(*)
    FROM transcripts AS t INDEXED BY transcripts_not_found
    CROSS JOIN conversations AS c ON c.rowid = t.conversation_rowid
    WHERE t.not_found_at IS NOT NULL AND c.transcript_due IS NULL AND c.removed_at IS NULL
      AND c.created_at >= ?`,
  // Index-only counts: every row from a time on, and the removed ones among them.
  listed: `SELECT
      (SELECT count(*) FROM conversations INDEXED BY conversations_created WHERE created_at >= ?)
    - (SELECT count(*) FROM conversations INDEXED BY conversations_removed
       WHERE removed_at IS NOT NULL AND created_at >= ?)`
}

export function prepareTranscriptTargets(db: Database): {
  targets(query: TranscriptTargetQuery): TranscriptTarget[]
  counts(options?: { createdFrom?: string | null }): TranscriptCounts
} {
  const targets = db.prepare<[number, number, number, number], TargetRow>(TRANSCRIPT_TARGETS_SQL)
  const rowidOf = db
    .prepare<[string], number>('SELECT rowid FROM conversations WHERE id = ?')
    .pluck()
  const due = db.prepare<[number], { missing: number; stale: number }>(TRANSCRIPT_COUNTS_SQL.due)
  const notFound = db.prepare<[number], number>(TRANSCRIPT_COUNTS_SQL.notFound).pluck()
  const listed = db.prepare<[number, number], number>(TRANSCRIPT_COUNTS_SQL.listed).pluck()

  const from = (createdFrom: string | null | undefined): number =>
    createdFrom === null || createdFrom === undefined
      ? EARLIEST_MS
      : requireIsoMs(createdFrom, 'createdFrom')

  return {
    targets({ limit, createdFrom, before }) {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TARGETS) {
        throw new UsageError(`A batch of transcripts is 1 to ${MAX_TARGETS}.`)
      }
      // Before a conversation the archive lacks (never the case for one it listed), the
      // targets are those older than its time.
      const beforeMs = before ? requireIsoMs(before.createdAt, 'before.createdAt') : LATEST
      const beforeRowid = before ? (rowidOf.get(before.id) ?? 0) : LATEST
      return targets.all(from(createdFrom), beforeMs, beforeRowid, limit).map((row) => ({
        id: row.id,
        createdAt: msToIso(row.created_at),
        messageCount: row.message_count,
        updatedAt: msToIsoOrNull(row.updated_at),
        reason: row.fetched === 1 ? 'stale' : 'missing'
      }))
    },
    counts(options = {}) {
      const since = from(options.createdFrom)
      const { missing, stale } = due.get(since) ?? { missing: 0, stale: 0 }
      const refused = notFound.get(since) ?? 0
      const total = listed.get(since, since) ?? 0
      return { missing, stale, notFound: refused, current: total - missing - stale - refused }
    }
  }
}
