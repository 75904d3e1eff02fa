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
import { DEFAULT_PLAN, preparePlanner, type SearchPlan } from './searchPlan'

export const DEFAULT_COUNT_CAP = 10_000

export interface BuiltQuery {
  sql: string
  params: (string | number)[]
}

type PageRow = ConversationRow & { rowid: number }

/**
 * The WHERE clause for a search. Every term has an index whose leading column it constrains
 * (see the 001 migration); the phone and text terms go through their FTS tables first.
 */
function whereClause(
  filters: SearchFilters,
  after: CursorPosition | null,
  { phone: plan, phoneIds, text, textRowids }: SearchPlan
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
  if (filters.ftsQuery !== null && textRowids) {
    add('c.rowid IN (SELECT value FROM json_each(?))', JSON.stringify(textRowids))
  } else if (filters.ftsQuery !== null) {
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

  const choosePlan = preparePlanner(db)

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
