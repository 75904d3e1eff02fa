import { KEY_SLOTS, type KeyRange } from './transcriptKey'

/**
 * The SQL of a search's transcript side. FTS5 yields a match's key (transcriptKey.ts), so each
 * piece joins the key to its conversation through transcripts_doc and tests the conversation
 * against the other filters there, as `c`, with `where` (their terms, starting with AND) and
 * `join` (the phone table when the plan tests each row's phone keys).
 */
export interface FilterSql {
  join: string
  where: string
  params: (string | number)[]
}

/**
 * A key bound to compare with FTS5's rowid. better-sqlite3 binds every JavaScript number as a
 * REAL, and FTS5 only takes an INTEGER as a rowid bound: it ignores any other, reading every
 * match (and with MATCH and `rowid = ?` it even returns rows of other rowids). Measured: a walk
 * from a cursor read the whole index down to it instead of starting there.
 */
const INTEGER = 'CAST(? AS INTEGER)'

/** The matches' conversations: FTS5 first, so its order (by key) leads. */
const FROM_MATCHES = `FROM transcripts_fts AS f
  CROSS JOIN transcripts AS t INDEXED BY transcripts_doc ON t.doc_key = f.rowid
  CROSS JOIN conversations AS c ON c.rowid = t.conversation_rowid`

export interface TranscriptPieces {
  /** A MATERIALIZED CTE named `walk`, before the query that reads it. */
  walk: { sql: string; params: (string | number)[] }
  /** Subqueries of (rowid, created_at), to put beside the walk's rows. */
  rest: { sql: string; params: (string | number)[] }[]
}

/**
 * The newest `limit` conversations whose transcript matches `query`, within `keys`, exactly:
 *
 * - walk: the first `limit` matches in key order, newest first, the filters tested on each.
 *   FTS5 stops as soon as it has them: under a millisecond for common words (design.md).
 * - tail: a key orders conversations by their second only, so the walk may stop inside a second
 *   whose conversations (ordered by created_at and rowid) it has not all seen: the rest of that
 *   second's matches, at most its KEY_SLOTS keys.
 * - overflow: the documents of overcrowded seconds, keyed below time (transcriptKey.ts), read
 *   whole and sorted; empty unless 257 conversations began in one second.
 *
 * Every match newer than the walk's last is in the walk, and with the tail every match of the
 * last one's second, so the newest `limit` of all three are the newest `limit` matches.
 */
export function transcriptPieces(
  query: string,
  keys: KeyRange,
  filter: FilterSql,
  limit: number
): TranscriptPieces {
  const matching = `${FROM_MATCHES} ${filter.join} WHERE f.transcripts_fts MATCH ?`
  return {
    walk: {
      sql: `walk AS MATERIALIZED (
        SELECT c.rowid AS rowid, c.created_at AS created_at, f.rowid AS doc ${matching}
          AND f.rowid >= ${INTEGER} AND f.rowid < ${INTEGER} ${filter.where}
        ORDER BY f.rowid DESC LIMIT ?)`,
      params: [query, keys.from, keys.to, ...filter.params, limit]
    },
    rest: [
      {
        sql: `SELECT c.rowid AS rowid, c.created_at AS created_at ${matching}
          AND f.rowid >= (SELECT coalesce(min(doc), 0) / ${KEY_SLOTS} * ${KEY_SLOTS} FROM walk)
          AND f.rowid < (SELECT coalesce(min(doc), 0) FROM walk) ${filter.where}`,
        params: [query, ...filter.params]
      },
      {
        sql: `SELECT c.rowid AS rowid, c.created_at AS created_at ${matching}
          AND f.rowid < 0 ${filter.where}
          ORDER BY c.created_at DESC, c.rowid DESC LIMIT ?`,
        params: [query, ...filter.params, limit]
      }
    ]
  }
}

/**
 * The conversations whose transcript matches, up to `cap` from the time keys and `cap` from the
 * overflow, for a count: in key order from the oldest, which a count does not mind.
 */
export function transcriptCountPieces(
  query: string,
  keys: KeyRange,
  filter: FilterSql,
  cap: number
): { sql: string; params: (string | number)[] }[] {
  // With nothing to test, a match's conversation is read from transcripts_doc alone.
  const bare = filter.join === '' && filter.where === ''
  const matching = bare
    ? `SELECT t.conversation_rowid AS rowid FROM transcripts_fts AS f
       CROSS JOIN transcripts AS t INDEXED BY transcripts_doc ON t.doc_key = f.rowid
       WHERE f.transcripts_fts MATCH ?`
    : `SELECT c.rowid AS rowid ${FROM_MATCHES} ${filter.join} WHERE f.transcripts_fts MATCH ?`
  return [
    {
      sql: `${matching} AND f.rowid >= ${INTEGER} AND f.rowid < ${INTEGER} ${filter.where} LIMIT ?`,
      params: [query, keys.from, keys.to, ...filter.params, cap]
    },
    {
      sql: `${matching} AND f.rowid < 0 ${filter.where} LIMIT ?`,
      params: [query, ...filter.params, cap]
    }
  ]
}

/** Whether the conversation `rowid` names has a transcript matching one bound query. */
export function transcriptMatches(rowid: string): string {
  return `EXISTS (SELECT 1 FROM transcripts AS t
    CROSS JOIN transcripts_fts AS tf ON tf.rowid = t.doc_key
    WHERE t.conversation_rowid = ${rowid} AND tf.transcripts_fts MATCH ?)`
}
