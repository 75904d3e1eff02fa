import { DAY_OF, MICROS_OF } from '../migrations/004_daily_rollup'
import { filterTerms, type BuiltQuery, type Terms } from '../searchConversations'
import type { SearchFilters } from '../searchFilters'
import { DEFAULT_PLAN } from '../searchPlan'
import { DAY_MS } from './periods'

/**
 * The SQL behind the dashboard. Its figures come from "facts": rows of (day, type, assistant,
 * sender, removed) with their counts and sums, read from the rollup table (migration 004) when
 * it can answer the filters, and otherwise grouped from the matching conversations themselves.
 * One statement then adds the facts up per day and type, per assistant, per sender and in total.
 */
export type FactsSource = 'rollup' | 'conversations'

const FACT_COLUMNS =
  'day, type, assistant_key, sender_key, removed, customer, n, cost, messages, counted, ai'

/**
 * The conversations whose fields or transcript have the words: the two full-text indexes'
 * matches, each read once, rather than a test of every row against them.
 */
function textTerm(text: NonNullable<SearchFilters['text']>): BuiltQuery {
  return {
    sql: `c.rowid IN (
      SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ?
      UNION SELECT t.conversation_rowid FROM transcripts_fts AS f
        CROSS JOIN transcripts AS t INDEXED BY transcripts_doc ON t.doc_key = f.rowid
        WHERE f.transcripts_fts MATCH ?)`,
    params: [text.fields, text.transcript]
  }
}

/** Every filter as terms on `conversations AS c`: the search's own, and the words. */
export function conversationTerms(filters: SearchFilters): Terms {
  const base = filterTerms(filters, null, DEFAULT_PLAN)
  if (filters.text === null) return base
  const text = textTerm(filters.text)
  return {
    join: base.join,
    terms: [...base.terms, text.sql],
    params: [...base.params, ...text.params]
  }
}

/** [from, to) in UTC day numbers when the dates fall on whole days; null when one does not. */
export function wholeDays(
  filters: SearchFilters
): { from: number | null; to: number | null } | null {
  const { createdFrom, createdTo } = filters
  if (createdFrom !== null && createdFrom % DAY_MS !== 0) return null
  // An inclusive bound (a time typed with its seconds) ends one millisecond later.
  const end = createdTo === null ? null : createdTo.bound + (createdTo.inclusive ? 1 : 0)
  if (end !== null && end % DAY_MS !== 0) return null
  return {
    from: createdFrom === null ? null : createdFrom / DAY_MS,
    to: end === null ? null : end / DAY_MS
  }
}

/** The rollup holds no customer number, external id or words. */
function canUseRollup(filters: SearchFilters): boolean {
  return (
    filters.customerPhoneDigits === null && filters.externalId === null && filters.text === null
  )
}

/**
 * The rollup's terms for these filters, or null when it cannot answer them: see canUseRollup;
 * and it holds whole days only.
 */
export function rollupTerms(filters: SearchFilters): BuiltQuery | null {
  if (!canUseRollup(filters)) return null
  const days = wholeDays(filters)
  if (days === null) return null
  const terms: string[] = []
  const params: (string | number)[] = []
  const add = (term: string, ...values: (string | number)[]): void => {
    terms.push(term)
    params.push(...values)
  }
  if (days.from !== null) add('day >= ?', days.from)
  if (days.to !== null) add('day < ?', days.to)
  if (filters.type !== null) add('type = ?', filters.type)
  if (filters.assistantId !== null) add('assistant_key = ?', filters.assistantId)
  if (filters.senderPhoneDigits !== null) {
    add(
      'sender_key IN (SELECT rowid FROM phone_trigrams WHERE phone_trigrams MATCH ?)',
      `"${filters.senderPhoneDigits}"`
    )
  }
  if (filters.removed === 'exclude') add('removed = 0')
  if (filters.removed === 'only') add('removed = 1')
  return { sql: terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`, params }
}

/**
 * The matching conversations grouped as the rollup groups them, and by customer too when
 * `byCustomer`: the top customers are then added up from these facts rather than by reading the
 * same rows a second time.
 */
function conversationFacts(filters: SearchFilters, byCustomer: boolean): BuiltQuery {
  const { join, terms, params } = conversationTerms(filters)
  const customer = byCustomer ? 'c.customer_phone_id' : 'NULL'
  return {
    sql: `SELECT ${DAY_OF('c.created_at')} AS day, c.type AS type,
        coalesce(c.assistant_id, '') AS assistant_key, coalesce(c.sender_phone_id, 0) AS sender_key,
        c.removed_at IS NOT NULL AS removed, ${customer} AS customer,
        count(*) AS n, sum(${MICROS_OF('c.total_cost')}) AS cost,
        sum(coalesce(c.message_count, 0)) AS messages, count(c.message_count) AS counted,
        sum(coalesce(c.ai_enabled = 1, 0)) AS ai
      FROM conversations AS c ${join} ${terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`}
      GROUP BY 1, 2, 3, 4, 5, 6`,
    params
  }
}

function rollupFacts(terms: BuiltQuery): BuiltQuery {
  return {
    sql: `SELECT day, type, assistant_key, sender_key, removed, NULL AS customer, conversations AS n,
        cost_micros AS cost, messages, with_messages AS counted, ai_enabled AS ai
      FROM conversation_rollup ${terms.sql}`,
    params: terms.params
  }
}

/**
 * Dates that fall inside a day (a time typed with them) split into the whole days between them,
 * which the rollup answers, and the part-days at either end, read from the conversations: at
 * most a day's rows each. Null when no whole day lies between them.
 */
function splitAtWholeDays(
  filters: SearchFilters
): { inner: SearchFilters; edges: SearchFilters[] } | null {
  const { createdFrom, createdTo } = filters
  const end = createdTo === null ? null : createdTo.bound + (createdTo.inclusive ? 1 : 0)
  const firstWhole = createdFrom === null ? null : Math.ceil(createdFrom / DAY_MS) * DAY_MS
  const endWhole = end === null ? null : Math.floor(end / DAY_MS) * DAY_MS
  if (firstWhole !== null && endWhole !== null && firstWhole >= endWhole) return null
  const edges: SearchFilters[] = []
  if (createdFrom !== null && firstWhole !== null && createdFrom < firstWhole) {
    edges.push({ ...filters, createdTo: { bound: firstWhole, inclusive: false } })
  }
  if (end !== null && endWhole !== null && end > endWhole) {
    edges.push({ ...filters, createdFrom: endWhole })
  }
  return {
    inner: {
      ...filters,
      createdFrom: firstWhole,
      createdTo: endWhole === null ? null : { bound: endWhole, inclusive: false }
    },
    edges
  }
}

function factsQuery(filters: SearchFilters): BuiltQuery & { source: FactsSource } {
  const rollup = rollupTerms(filters)
  if (rollup !== null) return { source: 'rollup', ...rollupFacts(rollup) }
  const split = canUseRollup(filters) ? splitAtWholeDays(filters) : null
  const inner = split === null ? null : rollupTerms(split.inner)
  if (split === null || inner === null) {
    return { source: 'conversations', ...conversationFacts(filters, customersFromFacts(filters)) }
  }
  const parts = [rollupFacts(inner), ...split.edges.map((edge) => conversationFacts(edge, false))]
  return {
    source: 'rollup',
    sql: parts.map((part) => part.sql).join('\n      UNION ALL '),
    params: parts.flatMap((part) => part.params)
  }
}

/**
 * Whether the top customers are added up from the facts: under words or an external id, whose
 * matching rows would otherwise be read twice. Not under a customer's number, whose rows the
 * customer index groups by itself in about half the time (a 3-digit fragment's 68,000 rows:
 * 730-880 ms against 1,250-1,860 grouping the facts by customer too, on a loaded machine).
 */
export function customersFromFacts(filters: SearchFilters): boolean {
  return (
    (filters.text !== null || filters.externalId !== null) && filters.customerPhoneDigits === null
  )
}

/** What a row of the figures query is a sum of. */
export const FIGURE_KIND = {
  dayAndType: 0,
  assistant: 1,
  sender: 2,
  total: 3,
  customer: 4
} as const

/**
 * Every figure in one statement, the facts read once: rows of [kind, day or sender or customer,
 * type or assistant, count, cost, messages, counted, ai, removed]. The top customers come with
 * them under words or an external id (customersFromFacts); else topCustomersQuery finds them.
 */
export function figuresQuery(
  filters: SearchFilters,
  topCustomers: number
): BuiltQuery & { source: FactsSource } {
  const facts = factsQuery(filters)
  const k = FIGURE_KIND
  const customers = !customersFromFacts(filters)
    ? ''
    : `UNION ALL SELECT * FROM (
          SELECT ${k.customer}, customer, NULL, sum(n) AS count, sum(cost), 0, 0, 0, 0
          FROM facts WHERE customer IS NOT NULL GROUP BY customer
          ORDER BY count DESC, customer LIMIT ${Math.trunc(topCustomers)})`
  return {
    source: facts.source,
    sql: `WITH facts (${FACT_COLUMNS}) AS MATERIALIZED (${facts.sql})
      SELECT ${k.dayAndType}, day, type, sum(n), sum(cost), 0, 0, 0, 0
        FROM facts GROUP BY day, type
      UNION ALL SELECT ${k.assistant}, NULL, assistant_key, sum(n), sum(cost), 0, 0, 0, 0
        FROM facts GROUP BY assistant_key
      UNION ALL SELECT ${k.sender}, sender_key, NULL, sum(n), sum(cost), 0, 0, 0, 0
        FROM facts WHERE sender_key <> 0 GROUP BY sender_key
      UNION ALL SELECT ${k.total}, NULL, NULL, coalesce(sum(n), 0), coalesce(sum(cost), 0),
        coalesce(sum(messages), 0), coalesce(sum(counted), 0), coalesce(sum(ai), 0),
        coalesce(sum(n * removed), 0)
        FROM facts
      ${customers}`,
    params: facts.params
  }
}

/**
 * The customers with most conversations (but under words or an external id: customersFromFacts):
 * [phone_id, count, cost or null]. Grouped along the customer-phone index, which carries every
 * column the other filters test and the cost
 * (migration 004), so the index alone is read, never the table. Counting alone groups in about
 * two thirds of the time of counting and summing costs (60 to 100 ms against 105 to 160 over
 * 550,000 entries), so the cost is left null here and summed for the few customers listed
 * (customerCostQuery). A short dated question reads its rows by date instead (DATE_WALK_MAX),
 * costs summed with them.
 */
export function topCustomersQuery(
  filters: SearchFilters,
  limit: number,
  matching: number
): BuiltQuery {
  const { join, terms, params } = conversationTerms(filters)
  const where = ['c.customer_phone_id IS NOT NULL', ...terms].join(' AND ')
  const byDate =
    filters.createdFrom !== null &&
    filters.customerPhoneDigits === null &&
    matching <= DATE_WALK_MAX
  const index = byDate ? 'conversations_created' : 'conversations_customer_phone'
  const cost = byDate ? `sum(${MICROS_OF('c.total_cost')})` : 'NULL'
  return {
    sql: `SELECT c.customer_phone_id AS phone_id, count(*) AS n, ${cost} AS cost
      FROM conversations AS c INDEXED BY ${index} ${join}
      WHERE ${where}
      GROUP BY c.customer_phone_id ORDER BY n DESC, c.customer_phone_id LIMIT ?`,
    params: [...params, limit]
  }
}

/**
 * Up to how many matching conversations a short date range reads its rows by date rather than
 * the whole customer index: reading a row costs about what passing a dozen index entries does.
 * Measured at a million rows (550,000 with a number), customer index against rows by date:
 * 7 days (10,000 rows) 65-220 ms against 6-40, 30 days (41,000) 94-234 against 26-100, 90 days
 * (123,000) 88-133 against 196-345, on a loaded machine.
 */
export const DATE_WALK_MAX = 50_000

/** One customer's cost under the filters (the bound phone id first), from the index alone. */
export function customerCostQuery(filters: SearchFilters): BuiltQuery {
  const { join, terms, params } = conversationTerms(filters)
  const where = ['c.customer_phone_id = ?', ...terms].join(' AND ')
  return {
    sql: `SELECT sum(${MICROS_OF('c.total_cost')})
      FROM conversations AS c INDEXED BY conversations_customer_phone ${join} WHERE ${where}`,
    params
  }
}
