import type { Database, Statement } from 'better-sqlite3'
import { UsageError } from '../errors'
import type { MessageSnippet, SearchPage, SearchQuery } from '../types'
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
import { messageSnippet } from './snippet'
import { keyRange } from './transcriptKey'
import type { TranscriptReader } from './transcriptReader'
import { prepareCompletions } from './wordCompletions'
import {
  transcriptCountPieces,
  transcriptMatches,
  transcriptPieces,
  type FilterSql
} from './transcriptSearch'

export const DEFAULT_COUNT_CAP = 10_000

export interface BuiltQuery {
  sql: string
  params: (string | number)[]
}

/** A page's row, and whether it was found through its transcript (1) or not (0 or null). */
type PageRow = ConversationRow & { rowid: number; via: 0 | 1 | null }

export interface Terms {
  join: string
  terms: string[]
  params: (string | number)[]
}

/**
 * The terms of every filter but the words. Each has an index whose leading column it constrains
 * (see the 001 migration); the phone terms go through the trigram index first.
 */
export function filterTerms(
  filters: SearchFilters,
  after: CursorPosition | null,
  { phone: plan, phoneIds }: SearchPlan
): Terms {
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
  if (filters.createdFrom !== null) add('c.created_at >= ?', filters.createdFrom)
  if (filters.createdTo !== null) {
    add(`c.created_at ${filters.createdTo.inclusive ? '<=' : '<'} ?`, filters.createdTo.bound)
  }
  if (filters.removed === 'exclude') add('c.removed_at IS NULL')
  if (filters.removed === 'only') add('c.removed_at IS NOT NULL')
  if (after !== null) add('(c.created_at, c.rowid) < (?, ?)', after.createdAt, after.rowid)
  return { join, terms, params }
}

/** The words against the conversations' own fields (conversations_fts), as the plan reads them. */
function fieldsTerm(
  query: string,
  { text, textRowids }: SearchPlan,
  rowid = 'c.rowid'
): BuiltQuery {
  if (textRowids)
    return {
      sql: `${rowid} IN (SELECT value FROM json_each(?))`,
      params: [JSON.stringify(textRowids)]
    }
  // The unary + keeps SQLite from reading the rows by the matches' rowids: it walks an index
  // in list order instead, testing each entry against the matches gathered once.
  return {
    sql:
      `${text === 'newest-first' ? '+' : ''}${rowid} IN ` +
      '(SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ?)',
    params: [query]
  }
}

function where(terms: readonly string[]): string {
  return terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`
}

/** The same terms as a continuation of a WHERE clause that already has one. */
function andTerms(filter: Terms): FilterSql {
  return {
    join: filter.join,
    where: filter.terms.map((term) => `AND ${term}`).join(' '),
    params: filter.params
  }
}

/**
 * The outer table of a search, naming the index to read where the planner, which has no row
 * counts, would pick a worse one. A few numbers' rows come through the phone index: with a type
 * or an assistant beside the phone, the planner walked that filter's index instead, testing
 * each row's phone (300 to 550 ms for one number over a million rows, against 0.1 to 0.6).
 * Otherwise the removed rows' own index, while they are few (see removedRowsForWalk). A search
 * with words that reads a selective filter's rows ('per-row') reads them through its index.
 */
function conversationsFor(plan: SearchPlan): string {
  let index: string | null = null
  if (plan.transcript === 'per-row' && plan.anchor) index = plan.anchor
  else if (plan.phoneIds !== undefined) index = 'conversations_customer_phone'
  else if (plan.removedFirst === true) index = 'conversations_removed'
  return index === null ? 'conversations AS c' : `conversations AS c INDEXED BY ${index}`
}

/** Reads the page's rows from the table, by the (rowid, created_at, via) that `page` selects. */
function readPage(page: BuiltQuery, via: string): BuiltQuery {
  return {
    sql: `SELECT ${CONVERSATION_ROW_COLUMNS}, c.rowid AS rowid, ${via} AS via
      FROM (${page.sql}) AS page
      JOIN conversations AS c ON c.rowid = page.rowid
      ORDER BY page.created_at DESC, page.rowid DESC`,
    params: page.params
  }
}

/** One list, newest first: the rows `terms` admit, read through `from`. */
function newestRows(
  from: string,
  filter: Terms,
  extra: BuiltQuery | null,
  limit: number
): BuiltQuery {
  const terms = extra ? [...filter.terms, extra.sql] : filter.terms
  return {
    sql: `SELECT c.rowid AS rowid, c.created_at AS created_at
      FROM ${from} ${filter.join} ${where(terms)}
      ORDER BY c.created_at DESC, c.rowid DESC LIMIT ?`,
    params: [...filter.params, ...(extra?.params ?? []), limit]
  }
}

/** A row matches the words through its fields or through its transcript. */
function eitherMatch(
  text: NonNullable<SearchFilters['text']>,
  plan: SearchPlan,
  rowid = 'c.rowid'
): BuiltQuery {
  // The fields' matches are gathered once (or were read by the plan's choice): FTS5 answers a
  // prefix by merging every word it begins, which a test per row would repeat for each row.
  const fields = fieldsTerm(text.fields, { ...plan, text: 'newest-first' }, rowid)
  return {
    sql: `(${fields.sql} OR ${transcriptMatches(rowid)})`,
    params: [...fields.params, text.transcript]
  }
}

/**
 * One page, newest first, keyset-paged on (created_at, rowid). The matching rowids are found
 * and ordered first, from indexes alone where the filter allows, and only the page's rows are
 * then read from the table: a broad phone fragment may match many rows that must be sorted,
 * but never read in full. One extra row is fetched to know whether another page follows.
 *
 * Words match a conversation's own fields or its transcript. Under 'walk' the page is the
 * newest of two lists: the rows whose fields match, found as without transcripts, and those
 * whose transcript matches, from the walk of the transcripts' index (transcriptSearch.ts).
 * Under 'per-row' the selective filter's rows are read and each is tested against both.
 */
export function buildPageQuery(
  filters: SearchFilters,
  after: CursorPosition | null,
  limit: number,
  plan: SearchPlan = DEFAULT_PLAN
): BuiltQuery {
  const filter = filterTerms(filters, after, plan)
  const { text } = filters
  if (text === null)
    return readPage(newestRows(conversationsFor(plan), filter, null, limit + 1), '0')
  if (plan.transcript === 'per-row') {
    // The filter's rows in list order first (its few numbers' rows sorted, at most PER_ROW_MAX),
    // then tested one by one, so the tests stop at a full page. LIMIT -1 keeps SQLite from
    // merging the two steps, which would test every row before sorting them.
    const rows = newestRows(conversationsFor(plan), filter, null, -1)
    const match = eitherMatch(text, plan, 'anchor.rowid')
    const via = transcriptMatches('c.rowid')
    const page = {
      sql: `SELECT anchor.rowid AS rowid, anchor.created_at AS created_at
        FROM (${rows.sql}) AS anchor WHERE ${match.sql} LIMIT ?`,
      params: [...rows.params, ...match.params, limit + 1]
    }
    return { sql: readPage(page, via).sql, params: [text.transcript, ...page.params] }
  }
  const byFields = newestRows(
    conversationsFor(plan),
    filter,
    fieldsTerm(text.fields, plan),
    limit + 1
  )
  const keys = keyRange(
    filters.createdFrom,
    filters.createdTo?.bound ?? null,
    after?.createdAt ?? null
  )
  const { walk, rest } = transcriptPieces(text.transcript, keys, andTerms(filter), limit + 1)
  const page = `SELECT rowid, created_at, max(via) AS via FROM (
      SELECT rowid, created_at, 0 AS via FROM (${byFields.sql})
      UNION ALL SELECT rowid, created_at, 1 FROM walk
      ${rest.map((piece) => `UNION ALL SELECT rowid, created_at, 1 FROM (${piece.sql})`).join('\n')}
    ) GROUP BY rowid ORDER BY created_at DESC, rowid DESC LIMIT ?`
  const read = readPage({ sql: page, params: [] }, 'page.via')
  return {
    sql: `WITH ${walk.sql} ${read.sql}`,
    params: [
      ...walk.params,
      ...byFields.params,
      ...rest.flatMap((piece) => piece.params),
      limit + 1
    ]
  }
}

/** Whether words are the only filter: then every match of the fields is a row of the count. */
function onlyText(filters: SearchFilters): boolean {
  const { text, removed, ...others } = filters
  return text !== null && removed === 'include' && Object.values(others).every((v) => v === null)
}

/** Counts matches, stopping at the cap so a count is as bounded as a page. */
export function buildCountQuery(
  filters: SearchFilters,
  cap: number,
  plan: SearchPlan = DEFAULT_PLAN
): BuiltQuery {
  // A count has no join: where the page would walk, it reads the numbers' rows through their index.
  const filter = filterTerms(filters, null, { ...plan, phone: 'by-phone' })
  const { text } = filters
  const from = conversationsFor(plan)
  if (text === null || plan.transcript === 'per-row') {
    const match = text === null ? null : eitherMatch(text, plan)
    const terms = match ? [...filter.terms, match.sql] : filter.terms
    return {
      sql: `SELECT count(*) FROM (SELECT 1 FROM ${from} ${where(terms)} LIMIT ?)`,
      params: [...filter.params, ...(match?.params ?? []), cap]
    }
  }
  // Words alone are counted from the full-text index without reading a row: 30 to 80 ms
  // reading the matching rows for a common word over a million rows, 1 to 10 this way.
  const byFields = fieldsTerm(text.fields, plan)
  const fields = onlyText(filters)
    ? {
        sql: 'SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ? LIMIT ?',
        params: [text.fields, cap]
      }
    : {
        sql: `SELECT c.rowid AS rowid FROM ${from} ${where([...filter.terms, byFields.sql])} LIMIT ?`,
        params: [...filter.params, ...byFields.params, cap]
      }
  const keys = keyRange(filters.createdFrom, filters.createdTo?.bound ?? null, null)
  const transcripts = transcriptCountPieces(text.transcript, keys, andTerms(filter), cap)
  const pieces = [fields, ...transcripts]
  return {
    sql: `SELECT min(count(*), ?) FROM (${pieces
      .map((piece) => `SELECT rowid FROM (${piece.sql})`)
      .join(' UNION ')})`,
    params: [cap, ...pieces.flatMap((piece) => piece.params)]
  }
}

export interface Searcher {
  search(query: SearchQuery): SearchPage
  count(query: SearchQuery, cap?: number): number
}

export function prepareSearch(
  db: Database,
  transcripts: Pick<TranscriptReader, 'messages'>
): Searcher {
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
  const complete = prepareCompletions(db)

  return {
    search(query) {
      const limit = parseLimit(query.limit)
      const filters = parseFilters(query, complete)
      const plan = choosePlan(filters, limit + 1, true)
      const built = buildPageQuery(filters, parseCursor(query.cursor), limit, plan)
      const rows = prepared(built.sql).all(...built.params) as PageRow[]
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      const result: SearchPage = {
        conversations: page.map(toConversation),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ createdAt: last.created_at, rowid: last.rowid })
            : null
      }
      if (filters.text !== null) {
        // Only the page's rows found through their messages: each read up to its first match.
        const snippets: Record<string, MessageSnippet> = {}
        for (const row of page) {
          if (row.via !== 1) continue
          const snippet = messageSnippet(transcripts.messages(row.rowid), filters.text.terms)
          if (snippet) snippets[row.id] = snippet
        }
        result.snippets = snippets
      }
      return result
    },
    count(query, cap = DEFAULT_COUNT_CAP) {
      if (!Number.isInteger(cap) || cap < 1) {
        throw new UsageError('The count limit must be a whole number of at least 1.')
      }
      const filters = parseFilters(query, complete)
      const built = buildCountQuery(filters, cap, choosePlan(filters, DEFAULT_LIMIT + 1, false))
      return prepared(built.sql)
        .pluck()
        .get(...built.params) as number
    }
  }
}
