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
 * fragment shared by thousands of numbers (an area code: 20,000 of a million-row archive's
 * phones for "55119") matches so many rows that sorting them took 14 ms; those rows are then so
 * common that walking the newest rows until a page is full ('newest-first') takes 4.
 */
export type PhonePlan = 'by-phone' | 'newest-first'

/** More matching phones than this, and a page is found newest-first. */
export const MANY_PHONES = 5_000

/**
 * The WHERE clause for a search. Every term has an index whose leading column it constrains
 * (see the 001 migration); the phone and text terms go through their FTS tables first.
 */
function whereClause(
  filters: SearchFilters,
  after: CursorPosition | null,
  plan: PhonePlan = 'by-phone'
): BuiltQuery {
  const terms: string[] = []
  const params: (string | number)[] = []
  const add = (term: string, ...values: (string | number)[]): void => {
    terms.push(term)
    params.push(...values)
  }
  // Digits only, so the quotes make a plain substring phrase for the trigram tokenizer.
  if (filters.customerPhoneDigits !== null) {
    // The unary + keeps SQLite off the phone index, so it walks the rows newest first instead.
    add(
      `${plan === 'newest-first' ? '+' : ''}c.customer_phone_id IN (SELECT rowid FROM phone_trigrams WHERE phone_trigrams MATCH ?)`,
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
  return { sql: terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`, params }
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
  plan: PhonePlan = 'by-phone'
): BuiltQuery {
  const where = whereClause(filters, after, plan)
  return {
    sql: `SELECT ${CONVERSATION_ROW_COLUMNS}, c.rowid AS rowid
      FROM (
        SELECT c.rowid AS rowid, c.created_at AS created_at FROM conversations AS c ${where.sql}
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

  // Counting stops past the threshold: a broad fragment costs a fraction of a millisecond here.
  const matchingPhones = db
    .prepare<[string, number], number>(
      'SELECT count(*) FROM (SELECT 1 FROM phone_trigrams WHERE phone_trigrams MATCH ? LIMIT ?)'
    )
    .pluck()
  const phonePlan = (filters: SearchFilters): PhonePlan =>
    filters.customerPhoneDigits !== null &&
    (matchingPhones.get(`"${filters.customerPhoneDigits}"`, MANY_PHONES + 1) ?? 0) > MANY_PHONES
      ? 'newest-first'
      : 'by-phone'

  return {
    search(query) {
      const limit = parseLimit(query.limit)
      const filters = parseFilters(query)
      const built = buildPageQuery(filters, parseCursor(query.cursor), limit, phonePlan(filters))
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
