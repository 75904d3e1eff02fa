import type { Database, Statement } from 'better-sqlite3'
import { UsageError } from '../errors'
import type { SearchPage, SearchQuery } from '../types'
import { CONVERSATION_ROW_COLUMNS, toConversation, type ConversationRow } from './rowMapping'
import { encodeCursor, type CursorPosition } from './searchCursor'
import { parseCursor, parseFilters, parseLimit, type SearchFilters } from './searchFilters'

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
 * The WHERE clause for a search. Every term has an index whose leading column it constrains
 * (see the 001 migration); the phone and text terms go through their FTS tables first.
 */
function whereClause(
  filters: SearchFilters,
  after: CursorPosition | null,
  plan: PhonePlan = 'by-phone',
  phoneIds?: readonly number[]
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
    add(
      'c.rowid IN (SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ?)',
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
 * One page, newest first, keyset-paged on (created_at, rowid). The matching rowids are found
 * and ordered first, from indexes alone where the filter allows, and only the page's rows are
 * then read from the table: a broad phone fragment may match many rows that must be sorted,
 * but never read in full. One extra row is fetched to know whether another page follows.
 */
export function buildPageQuery(
  filters: SearchFilters,
  after: CursorPosition | null,
  limit: number,
  plan: PhonePlan = 'by-phone',
  phoneIds?: readonly number[]
): BuiltQuery {
  const where = whereClause(filters, after, plan, phoneIds)
  return {
    sql: `SELECT ${CONVERSATION_ROW_COLUMNS}, c.rowid AS rowid
      FROM (
        SELECT c.rowid AS rowid, c.created_at AS created_at
        FROM conversations AS c ${where.join} ${where.sql}
        ORDER BY c.created_at DESC, c.rowid DESC LIMIT ?
      ) AS page
      JOIN conversations AS c ON c.rowid = page.rowid
      ORDER BY page.created_at DESC, page.rowid DESC`,
    params: [...where.params, limit + 1]
  }
}

/** Counts matches, stopping at the cap so a count is as bounded as a page. */
export function buildCountQuery(filters: SearchFilters, cap: number): BuiltQuery {
  const where = whereClause(filters, null)
  return {
    sql: `SELECT count(*) FROM (SELECT 1 FROM conversations AS c ${where.sql} LIMIT ?)`,
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
  // A long fragment's trigram query is the dearer part of its search (a dozen trigrams, each
  // with its list of numbers), so the numbers it finds here are passed on to the page's query.
  const phonePlan = (
    filters: SearchFilters,
    limit: number
  ): { plan: PhonePlan; phoneIds?: number[] } => {
    if (filters.customerPhoneDigits === null) return { plan: 'by-phone' }
    const size = sizes.get()
    const threshold = phonesForWalk({ rows: size?.rows ?? 0, phones: size?.phones ?? 0 }, limit)
    if (!Number.isFinite(threshold)) return { plan: 'by-phone' }
    const phoneIds = matchingPhones.all(`"${filters.customerPhoneDigits}"`, threshold + 1)
    return phoneIds.length > threshold ? { plan: 'newest-first' } : { plan: 'by-phone', phoneIds }
  }

  return {
    search(query) {
      const limit = parseLimit(query.limit)
      const filters = parseFilters(query)
      const { plan, phoneIds } = phonePlan(filters, limit + 1)
      const built = buildPageQuery(filters, parseCursor(query.cursor), limit, plan, phoneIds)
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
      const built = buildCountQuery(parseFilters(query), cap)
      return prepared(built.sql)
        .pluck()
        .get(...built.params) as number
    }
  }
}
