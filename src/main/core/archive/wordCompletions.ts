import type { Database } from 'better-sqlite3'
import { MAX_COMPLETIONS, type Completions } from './ftsQuery'

/** Past every string that begins with a prefix, in SQLite's byte order of UTF-8. */
const AFTER_ALL = '\u{10FFFF}'

/**
 * The transcripts' indexed words that begin with a prefix (migration 003's transcript_words),
 * read in order from its key up to one past MAX_COMPLETIONS: a look-up of a few dozen index
 * entries at most, whatever the prefix.
 */
export function prepareCompletions(db: Database): Completions {
  const words = db
    .prepare<[string, string, number], string>(
      'SELECT word FROM transcript_words WHERE word >= ? AND word < ? ORDER BY word LIMIT ?'
    )
    .pluck()
  return (prefix) => {
    const found = words.all(prefix, prefix + AFTER_ALL, MAX_COMPLETIONS + 1)
    return found.length > MAX_COMPLETIONS ? null : found
  }
}
