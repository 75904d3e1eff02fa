import type { Database } from 'better-sqlite3'
import type { SearchFilters } from './searchFilters'

/**
 * How a page with a customer phone fragment is found. 'by-phone' reads each matching phone's
 * rows from its index and sorts them: right for a fragment that names a few numbers. A
 * fragment shared by thousands of numbers (an area code) matches so many rows that sorting them
 * costs more than walking the newest rows until a page is full ('newest-first'), testing each
 * row's phone keys as it goes (see the 002 migration).
 */
export type PhonePlan = 'by-phone' | 'newest-first'

/**
 * How a page with words to find is found. 'by-text' leaves SQLite free to read each matching
 * row's date and sort them, which it does when words are the only filter: right for a few
 * hundred matches. A common word ("maria": 20,000 rows of a million) costs 70 ms that way, 3
 * to 4 ms walking the newest rows and testing each against the matches ('newest-first').
 */
export type TextPlan = 'by-text' | 'newest-first'

/** How a search reads the archive, chosen per search by preparePlanner. */
export interface SearchPlan {
  phone: PhonePlan
  text?: TextPlan
  /** The rows the 'by-text' choice already read from the full-text index: all of the matches. */
  textRowids?: readonly number[]
  /** The numbers the 'by-phone' choice already read from the trigram index. */
  phoneIds?: readonly number[]
  /**
   * Walk the removed rows' own partial index and test the other filters on each, rather than
   * walk another filter's index and test removed_at on each of its rows: see removedRowsForWalk.
   */
  removedFirst?: boolean
}

export const DEFAULT_PLAN: SearchPlan = { phone: 'by-phone' }

/**
 * Sorting costs about the matching rows, M; the walk about the rows it passes to fill a page,
 * limit × rows / M. They cross near M = sqrt(limit × rows): over a million rows, the walk won
 * from about 2,000 matching numbers (10,000 rows, 1.4 × sqrt) and lost below.
 */
const WALK_CROSSOVER = 1.5

/**
 * How many matching numbers make the walk the cheaper plan, estimating each number's rows as
 * the archive's average; with nothing archived, no number of them does.
 */
export function phonesForWalk(archive: { rows: number; phones: number }, limit: number): number {
  if (archive.rows === 0 || archive.phones === 0) return Infinity
  const crossoverRows = WALK_CROSSOVER * Math.sqrt(limit * archive.rows)
  return Math.ceil((crossoverRows * archive.phones) / archive.rows)
}

/**
 * Sorting reads each matching row for its date (3.4 µs a row over a million rows); the walk
 * tests index entries against the matches (0.045 µs each), limit × rows / M of them. They cross
 * at M = sqrt(0.045 / 3.4 × limit × rows): about 1,400 matches for the window's 150-row pages.
 */
const TEXT_WALK_CROSSOVER = 0.115

/** How many rows matching the words make the walk the cheaper plan. */
export function textMatchesForWalk(rows: number, limit: number): number {
  return Math.ceil(TEXT_WALK_CROSSOVER * Math.sqrt(limit * rows))
}

/**
 * Up to how many removed rows a search for removed rows only walks their own index. Walking
 * them passes at most all R of them; walking another filter's index passes about
 * limit × rows / R of its rows before a page of removed ones is full. The two cross at the same
 * sqrt(limit × rows) as the phone walk. The planner cannot tell on its own: it has no row
 * counts, and took the type index for removed conversations of one type, 300 to 400 ms over
 * a million rows with 2,000 removed, where their own index answers in about a millisecond.
 */
export function removedRowsForWalk(rows: number, limit: number): number {
  return Math.floor(WALK_CROSSOVER * Math.sqrt(limit * rows))
}

/**
 * Chooses each search's plan from bounded probes: the archive's size (two index probes), and
 * where it matters how many numbers a phone fragment names, how many rows the words match and
 * how many rows are removed, each counted only up to its crossover. `forPage` is false for a
 * count, which reads about as many rows either way of the text plans.
 */
export function preparePlanner(
  db: Database
): (filters: SearchFilters, limit: number, forPage: boolean) => SearchPlan {
  // Reading stops past the threshold: a broad fragment costs a fraction of a millisecond here.
  const matchingPhones = db
    .prepare<[string, number], number>(
      'SELECT rowid FROM phone_trigrams WHERE phone_trigrams MATCH ? LIMIT ?'
    )
    .pluck()
  // Rows are never deleted, so the largest rowids are the counts, read from one index page.
  const sizes = db.prepare<[], { rows: number | null; phones: number | null }>(
    'SELECT (SELECT max(rowid) FROM conversations) AS rows, (SELECT max(rowid) FROM phones) AS phones'
  )
  // As for phones: up to the threshold, the matches read here are the page's, not read twice.
  const matchingRows = db
    .prepare<[string, number], number>(
      'SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ? LIMIT ?'
    )
    .pluck()
  // Stops past the threshold: a million removed rows would cost as much to count as to walk.
  const removedUpTo = db
    .prepare<[number], number>(
      'SELECT count(*) FROM (SELECT 1 FROM conversations WHERE removed_at IS NOT NULL LIMIT ?)'
    )
    .pluck()

  return (filters, limit, forPage) => {
    const plan: SearchPlan = { phone: 'by-phone' }
    const phoneDigits = filters.customerPhoneDigits
    const words = forPage ? filters.ftsQuery : null
    if (filters.removed !== 'only' && phoneDigits === null && words === null) return plan
    const size = sizes.get()
    const archive = { rows: size?.rows ?? 0, phones: size?.phones ?? 0 }
    if (words !== null) {
      const walkFrom = textMatchesForWalk(archive.rows, limit)
      const rowids = matchingRows.all(words, walkFrom + 1)
      if (rowids.length > walkFrom) plan.text = 'newest-first'
      else plan.textRowids = rowids
    }
    if (filters.removed === 'only') {
      const walkUpTo = removedRowsForWalk(archive.rows, limit)
      plan.removedFirst = (removedUpTo.get(walkUpTo + 1) ?? 0) <= walkUpTo
    }
    if (phoneDigits === null) return plan
    const threshold = phonesForWalk(archive, limit)
    if (!Number.isFinite(threshold)) return plan
    // A long fragment's trigram query is the dearer part of its search (a dozen trigrams, each
    // with its list of numbers), so the numbers it finds here are passed on to the page's query.
    const phoneIds = matchingPhones.all(`"${phoneDigits}"`, threshold + 1)
    if (phoneIds.length > threshold) plan.phone = 'newest-first'
    else plan.phoneIds = phoneIds
    return plan
  }
}
