import type { Database } from 'better-sqlite3'
import type { SearchFilters } from './searchFilters'
import { keyRange } from './transcriptKey'

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

/**
 * How words are looked for in transcripts. 'walk' reads the transcripts' full-text index newest
 * first (its keys follow created_at: transcriptKey.ts), tests each match against the other
 * filters and stops at a full page: right for words alone, with dates (a range of keys) and with
 * broad filters. It passes every match a filter rejects, so under a selective filter (a few
 * numbers, an external id, a few removed rows) 'per-row' reads that filter's rows instead, newest
 * first, and tests each: its transcript by its key, its fields against their matches gathered
 * once. preparePlanner takes whichever its probes say costs less (see matchesForPerRow).
 */
export type TranscriptPlan = 'walk' | 'per-row'

/** The index of a selective filter whose rows a 'per-row' search reads. */
export type AnchorIndex =
  'conversations_customer_phone' | 'conversations_external' | 'conversations_removed'

/** How a search reads the archive, chosen per search by preparePlanner. */
export interface SearchPlan {
  phone: PhonePlan
  text?: TextPlan
  /** With words: how the transcripts are searched ('walk' when absent). */
  transcript?: TranscriptPlan
  /** For 'per-row': whose rows are read. */
  anchor?: AnchorIndex
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
 * A search with words under a selective filter either walks the transcripts' matches, testing
 * the filter on each, or reads the filter's rows and tests each against the words. Measured
 * over 100,000 transcripts (10 segments in the full-text index, as automerge leaves it), per
 * row tested: about PER_ROW_US plus PER_LOOKUP_US for each word the query looks up (FTS5 sets
 * every one up again for each row: 25 µs for one word, 115 for 8, 650 for 32); per match
 * walked: WALK_HIT_US (its conversation looked up by key, at random places in the file: 3 to 6
 * µs). Neither stops early when few rows have the words: reading R rows then costs
 * R × (PER_ROW_US + PER_LOOKUP_US × lookups), walking T matches T × WALK_HIT_US. The planner
 * counts the matches up to where the walk would cost more (counting alone takes 0.05 µs a
 * match), and takes the cheaper; PER_ROW_MAX caps the rows it will consider reading.
 */
export const PER_ROW_US = 10
export const PER_LOOKUP_US = 20
export const WALK_HIT_US = 4
export const PER_ROW_MAX = 2_000

/** Up to how many transcript matches walking them costs less than reading `rows` rows. */
export function matchesForPerRow(rows: number, lookups: number): number {
  return Math.ceil((rows * (PER_ROW_US + PER_LOOKUP_US * lookups)) / WALK_HIT_US)
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
  // Rows of a selective filter, counted up to PER_ROW_MAX from its index alone.
  const phoneRowsUpTo = db
    .prepare<[string, number], number>(
      `SELECT count(*) FROM (SELECT 1 FROM conversations INDEXED BY conversations_customer_phone
       WHERE customer_phone_id IN (SELECT value FROM json_each(?)) LIMIT ?)`
    )
    .pluck()
  const externalRowsUpTo = db
    .prepare<[string, number], number>(
      `SELECT count(*) FROM (SELECT 1 FROM conversations INDEXED BY conversations_external
       WHERE external_identifier = ? LIMIT ?)`
    )
    .pluck()
  // The transcripts' matches within the search's dates, counted from the index alone.
  const transcriptMatchesUpTo = db
    .prepare<[string, number, number, number], number>(
      `SELECT count(*) FROM (SELECT 1 FROM transcripts_fts WHERE transcripts_fts MATCH ?
       AND rowid >= CAST(? AS INTEGER) AND rowid < CAST(? AS INTEGER) LIMIT ?)`
    )
    .pluck()
  // Stops past the threshold: a million removed rows would cost as much to count as to walk.
  const removedUpTo = db
    .prepare<[number], number>(
      'SELECT count(*) FROM (SELECT 1 FROM conversations WHERE removed_at IS NOT NULL LIMIT ?)'
    )
    .pluck()

  /** The selective filter with the fewest rows, and how many, if at most PER_ROW_MAX. */
  function anchorFor(
    filters: SearchFilters,
    plan: SearchPlan,
    removedRows: number | null
  ): [AnchorIndex, number] | undefined {
    const candidates: [AnchorIndex, number][] = []
    if (plan.phoneIds !== undefined) {
      const ids = JSON.stringify(plan.phoneIds)
      candidates.push(['conversations_customer_phone', phoneRowsUpTo.get(ids, PER_ROW_MAX + 1)!])
    }
    if (filters.externalId !== null) {
      const rows = externalRowsUpTo.get(filters.externalId, PER_ROW_MAX + 1)!
      candidates.push(['conversations_external', rows])
    }
    if (removedRows !== null) candidates.push(['conversations_removed', removedRows])
    const [fewest] = candidates
      .filter(([, rows]) => rows <= PER_ROW_MAX)
      .sort((a, b) => a[1] - b[1])
    return fewest
  }

  /** Whether reading the anchor's rows costs less than walking the transcripts' matches. */
  function perRowIsCheaper(filters: SearchFilters, rows: number): boolean {
    const text = filters.text!
    const walkUpTo = matchesForPerRow(rows, text.lookups)
    const keys = keyRange(filters.createdFrom, filters.createdTo?.bound ?? null, null)
    return transcriptMatchesUpTo.get(text.transcript, keys.from, keys.to, walkUpTo + 1)! > walkUpTo
  }

  return (filters, limit, forPage) => {
    const plan: SearchPlan = { phone: 'by-phone' }
    const phoneDigits = filters.customerPhoneDigits
    const words = forPage ? (filters.text?.fields ?? null) : null
    if (filters.removed !== 'only' && phoneDigits === null && filters.text === null) return plan
    const size = sizes.get()
    const archive = { rows: size?.rows ?? 0, phones: size?.phones ?? 0 }
    if (words !== null) {
      const walkFrom = textMatchesForWalk(archive.rows, limit)
      const rowids = matchingRows.all(words, walkFrom + 1)
      if (rowids.length > walkFrom) plan.text = 'newest-first'
      else plan.textRowids = rowids
    }
    let removedRows: number | null = null
    if (filters.removed === 'only') {
      const walkUpTo = removedRowsForWalk(archive.rows, limit)
      removedRows = removedUpTo.get(walkUpTo + 1) ?? 0
      plan.removedFirst = removedRows <= walkUpTo
    }
    const threshold = phoneDigits === null ? Infinity : phonesForWalk(archive, limit)
    if (phoneDigits !== null && Number.isFinite(threshold)) {
      // A long fragment's trigram query is the dearer part of its search (a dozen trigrams,
      // each with its list of numbers), so the numbers it finds here are passed on to the
      // page's query.
      const phoneIds = matchingPhones.all(`"${phoneDigits}"`, threshold + 1)
      if (phoneIds.length > threshold) plan.phone = 'newest-first'
      else plan.phoneIds = phoneIds
    }
    if (filters.text !== null) {
      const anchor = anchorFor(filters, plan, removedRows)
      plan.transcript = 'walk'
      if (anchor && perRowIsCheaper(filters, anchor[1])) {
        plan.transcript = 'per-row'
        plan.anchor = anchor[0]
      }
    }
    return plan
  }
}
