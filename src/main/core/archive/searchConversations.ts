import type { Database, Statement } from 'better-sqlite3'
import { UsageError } from '../errors'
import type { SearchPage, SearchQuery } from '../types'
import { CONVERSATION_ROW_COLUMNS, toConversation, type ConversationRow } from './rowMapping'
import { encodeCursor, type CursorPosition } from './searchCursor'
import {
  DEFAULT_LIMIT,
  parseCursor,
  parseFilters,
  parseLimit,
  type SearchFilters
} from './searchFilters'

export const DEFAULT_COUNT_CAP = 10_000

export interface BuiltQuery {
  sql: string
  params: (string | number)[]
}

type PageRow = ConversationRow & { rowid: number }

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

/** How a search reads the archive, chosen per search by prepareSearch. */
export interface SearchPlan {
  phone: PhonePlan
  text?: TextPlan
  /** The numbers the 'by-phone' choice already read from the trigram index. */
  phoneIds?: readonly number[]
  /**
   * Walk the removed rows' own partial index and test the other filters on each, rather than
   * walk another filter's index and test removed_at on each of its rows: see removedRowsForWalk.
   */
  removedFirst?: boolean
}

const DEFAULT_PLAN: SearchPlan = { phone: 'by-phone' }

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
 * The WHERE clause for a search. Every term has an index whose leading column it constrains
 * (see the 001 migration); the phone and text terms go through their FTS tables first.
 */
function whereClause(
  filters: SearchFilters,
  after: CursorPosition | null,
  { phone: plan, phoneIds, text }: SearchPlan
): BuiltQuery & { join: string } {
  let join = ''
  const terms: string[] = []
  const params: (string | number)[] = []
  const add = (term: string, ...values: (string | number)[]): void => {
    terms.push(term)
    params.push(...values)
  }
  // Digits only, so the quotes make a plain substring phrase for the trigram tokenizer.
  if (filters.customerPhoneDigits !== null && plan === 'newest-first') {
    // CROSS JOIN keeps the rows the outer loop, so SQLite walks them newest first and looks up
    // each row's phone by its id; the keys are digits and spaces, so instr() finds the
    // fragment exactly where the trigram index would.
    join = 'CROSS JOIN phones AS cp ON cp.id = c.customer_phone_id'
    add('instr(cp.keys, ?) > 0', filters.customerPhoneDigits)
  } else if (filters.customerPhoneDigits !== null && phoneIds) {
    // The numbers the plan's choice already read from the trigram index: not searched twice.
    add('c.customer_phone_id IN (SELECT value FROM json_each(?))', JSON.stringify(phoneIds))
  } else if (filters.customerPhoneDigits !== null) {
    add(
      'c.customer_phone_id IN (SELECT rowid FROM phone_trigrams WHERE phone_trigrams MATCH ?)',
      `"${filters.customerPhoneDigits}"`
    )
  }
  if (filters.senderPhoneDigits !== null) {
    add(
      'c.sender_phone_id IN (SELECT rowid FROM phone_trigrams WHERE phone_trigrams MATCH ?)',
      `"${filters.senderPhoneDigits}"`
    )
  }
  if (filters.type !== null) add('c.type = ?', filters.type)
  if (filters.assistantId !== null) add('c.assistant_id = ?', filters.assistantId)
  if (filters.externalId !== null) add('c.external_identifier = ?', filters.externalId)
  if (filters.ftsQuery !== null) {
    // The unary + keeps SQLite from reading the rows by the matches' rowids: it walks an index
    // in list order instead, testing each entry against the matches gathered once.
    add(
      `${text === 'newest-first' ? '+' : ''}c.rowid IN ` +
        '(SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ?)',
      filters.ftsQuery
    )
  }
  if (filters.createdFrom !== null) add('c.created_at >= ?', filters.createdFrom)
  if (filters.createdTo !== null) {
    add(`c.created_at ${filters.createdTo.inclusive ? '<=' : '<'} ?`, filters.createdTo.bound)
  }
  if (filters.removed === 'exclude') add('c.removed_at IS NULL')
  if (filters.removed === 'only') add('c.removed_at IS NOT NULL')
  if (after !== null) add('(c.created_at, c.rowid) < (?, ?)', after.createdAt, after.rowid)
  return { sql: terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`, params, join }
}

/**
 * The outer table of a search, naming the index to read where the planner, which has no row
 * counts, would pick a worse one. A few numbers' rows come through the phone index: with a type
 * or an assistant beside the phone, the planner walked that filter's index instead, testing
 * each row's phone (300 to 550 ms for one number over a million rows, against 0.1 to 0.6).
 * Otherwise the removed rows' own index, while they are few (see removedRowsForWalk).
 */
function conversationsFor(plan: SearchPlan): string {
  let index: string | null = null
  if (plan.phoneIds !== undefined) index = 'conversations_customer_phone'
  else if (plan.removedFirst === true) index = 'conversations_removed'
  return index === null ? 'conversations AS c' : `conversations AS c INDEXED BY ${index}`
}

/**
 * One page, newest first, keyset-paged on (created_at, rowid). The matching rowids are found
 * and ordered first, from indexes alone where the filter allows, and only the page's rows are
 * then read from the table: a broad phone fragment may match many rows that must be sorted,
 * but never read in full. One extra row is fetched to know whether another page follows.
 */
export function buildPageQuery(
  filters: SearchFilters,
  after: CursorPosition | null,
  limit: number,
  plan: SearchPlan = DEFAULT_PLAN
): BuiltQuery {
  const where = whereClause(filters, after, plan)
  return {
    sql: `SELECT ${CONVERSATION_ROW_COLUMNS}, c.rowid AS rowid
      FROM (
        SELECT c.rowid AS rowid, c.created_at AS created_at
        FROM ${conversationsFor(plan)} ${where.join} ${where.sql}
        ORDER BY c.created_at DESC, c.rowid DESC LIMIT ?
      ) AS page
      JOIN conversations AS c ON c.rowid = page.rowid
      ORDER BY page.created_at DESC, page.rowid DESC`,
    params: [...where.params, limit + 1]
  }
}

/** How many rows the words match, up to a limit, read from the full-text index alone. */
const TEXT_MATCHES_SQL =
  'SELECT count(*) FROM (SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ? LIMIT ?)'

/** Whether words are the only filter: then every match is a row, and its count is the index's. */
function onlyText(filters: SearchFilters): filters is SearchFilters & { ftsQuery: string } {
  const { ftsQuery, removed, ...others } = filters
  return (
    ftsQuery !== null && removed === 'include' && Object.values(others).every((v) => v === null)
  )
}

/** Counts matches, stopping at the cap so a count is as bounded as a page. */
export function buildCountQuery(
  filters: SearchFilters,
  cap: number,
  plan: SearchPlan = DEFAULT_PLAN
): BuiltQuery {
  if (onlyText(filters)) {
    // 30 to 80 ms reading the matching rows for a common word over a million rows; 1 to 10 here.
    return { sql: TEXT_MATCHES_SQL, params: [filters.ftsQuery, cap] }
  }
  // A count has no join: where the page would walk, it reads the numbers' rows through their index.
  const where = whereClause(filters, null, { ...plan, phone: 'by-phone' })
  return {
    sql: `SELECT count(*) FROM (SELECT 1 FROM ${conversationsFor(plan)} ${where.sql} LIMIT ?)`,
    params: [...where.params, cap]
  }
}

export interface Searcher {
  search(query: SearchQuery): SearchPage
  count(query: SearchQuery, cap?: number): number
}

export function prepareSearch(db: Database): Searcher {
  // Each combination of filters is its own SQL text, prepared once on first use. The set is
  // bounded (a few thousand combinations at most, most never used).
  const statements = new Map<string, Statement<(string | number)[]>>()
  const prepared = (sql: string): Statement<(string | number)[]> => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare<(string | number)[]>(sql)
      statements.set(sql, statement)
    }
    return statement
  }

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
  const matchingRows = db.prepare<[string, number], number>(TEXT_MATCHES_SQL).pluck()
  // Stops past the threshold: a million removed rows would cost as much to count as to walk.
  const removedUpTo = db
    .prepare<[number], number>(
      'SELECT count(*) FROM (SELECT 1 FROM conversations WHERE removed_at IS NOT NULL LIMIT ?)'
    )
    .pluck()

  const choosePlan = (filters: SearchFilters, limit: number, forPage: boolean): SearchPlan => {
    const plan: SearchPlan = { phone: 'by-phone' }
    const phoneDigits = filters.customerPhoneDigits
    // Counting to the cap reads about as many rows either way: the text walk is for pages.
    const words = forPage ? filters.ftsQuery : null
    if (filters.removed !== 'only' && phoneDigits === null && words === null) return plan
    const size = sizes.get()
    const archive = { rows: size?.rows ?? 0, phones: size?.phones ?? 0 }
    if (words !== null) {
      const walkFrom = textMatchesForWalk(archive.rows, limit)
      if ((matchingRows.get(words, walkFrom + 1) ?? 0) > walkFrom) plan.text = 'newest-first'
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

  return {
    search(query) {
      const limit = parseLimit(query.limit)
      const filters = parseFilters(query)
      const plan = choosePlan(filters, limit + 1, true)
      const built = buildPageQuery(filters, parseCursor(query.cursor), limit, plan)
      const rows = prepared(built.sql).all(...built.params) as PageRow[]
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return {
        conversations: page.map(toConversation),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ createdAt: last.created_at, rowid: last.rowid })
            : null
      }
    },
    count(query, cap = DEFAULT_COUNT_CAP) {
      if (!Number.isInteger(cap) || cap < 1) {
        throw new UsageError('The count limit must be a whole number of at least 1.')
      }
      const filters = parseFilters(query)
      const built = buildCountQuery(filters, cap, choosePlan(filters, DEFAULT_LIMIT + 1, false))
      return prepared(built.sql)
        .pluck()
        .get(...built.params) as number
    }
  }
}
