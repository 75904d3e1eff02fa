import type { Database, Statement } from 'better-sqlite3'
import type { SearchQuery } from '../../types'
import type { Completions } from '../ftsQuery'
import { parseFilters, type SearchFilters } from '../searchFilters'
import {
  FIGURE_KIND,
  customerCostQuery,
  customersFromFacts,
  figuresQuery,
  topCustomersQuery,
  type FactsSource
} from './insightsSql'
import {
  TOP_CUSTOMERS,
  type AssistantFigures,
  type DayFigures,
  type Insights,
  type PhoneFigures
} from '../../../../shared/model/insights'
import { dayIso, dayNumber, periodStart, periodStarts, unitFor } from './periods'

type FigureRow = [
  kind: number,
  key1: number | null,
  key2: string | null,
  count: number,
  costMicros: number,
  messages: number,
  counted: number,
  ai: number,
  removed: number
]

const MICROS_PER_USD = 1_000_000

function usd(micros: number): number {
  return micros / MICROS_PER_USD
}

export interface InsightsReader {
  insights(query: SearchQuery): Insights
  /** Where the figures for this query come from: for tests and the benchmark. */
  sourceFor(query: SearchQuery): FactsSource
}

/** The first and last UTC day the figures cover: the filter's dates, else the matches' own. */
function coveredDays(
  filters: SearchFilters,
  days: readonly number[]
): { from: number; to: number } | null {
  const first = days.length > 0 ? Math.min(...days) : null
  const last = days.length > 0 ? Math.max(...days) : null
  const { createdFrom, createdTo } = filters
  let to = last
  if (createdTo !== null) to = dayNumber(createdTo.bound - (createdTo.inclusive ? 0 : 1))
  const from = createdFrom !== null ? dayNumber(createdFrom) : (first ?? to)
  if (from === null) return null
  return { from, to: Math.max(from, to ?? from) }
}

/**
 * The dashboard's figures for any search filters: one statement over the rollup or the matching
 * rows (insightsSql.ts), one for the top customers, and a few index probes for the names.
 */
export function prepareInsights(db: Database, complete?: Completions): InsightsReader {
  const statements = new Map<string, Statement<(string | number)[]>>()
  const prepared = (sql: string): Statement<(string | number)[]> => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare<(string | number)[]>(sql)
      statements.set(sql, statement)
    }
    return statement
  }
  const phone = db.prepare<[number], string>('SELECT phone FROM phones WHERE id = ?').pluck()
  // The newest name each carries, read along its index from the newest row.
  const assistantName = db
    .prepare<[string | null], string>(
      `SELECT assistant_name FROM conversations INDEXED BY conversations_assistant
       WHERE assistant_id IS ? AND assistant_name IS NOT NULL ORDER BY created_at DESC LIMIT 1`
    )
    .pluck()
  const senderName = db
    .prepare<[number], string>(
      `SELECT sender_name FROM conversations INDEXED BY conversations_sender_phone
       WHERE sender_phone_id = ? AND sender_name IS NOT NULL ORDER BY created_at DESC LIMIT 1`
    )
    .pluck()
  const customerName = db
    .prepare<[number], string>(
      `SELECT customer_name FROM conversations INDEXED BY conversations_customer_phone
       WHERE customer_phone_id = ? AND customer_name IS NOT NULL ORDER BY created_at DESC LIMIT 1`
    )
    .pluck()

  function insights(query: SearchQuery): Insights {
    const filters = parseFilters(query, complete)
    const figures = figuresQuery(filters, TOP_CUSTOMERS)
    const rows = prepared(figures.sql)
      .raw()
      .all(...figures.params) as FigureRow[]

    const byDay = new Map<number, DayFigures>()
    const byType: Record<string, number> = {}
    const byTypeCost: Record<string, number> = {}
    const typeMicros = new Map<string, number>()
    const dayMicros = new Map<number, number>()
    const assistants: { key: string; count: number; micros: number }[] = []
    const senders: { id: number; count: number; micros: number }[] = []
    const customers: { id: number; count: number; micros: number }[] = []
    let total: FigureRow | undefined
    for (const row of rows) {
      const [kind, key1, key2, count, micros] = row
      if (kind === FIGURE_KIND.total) total = row
      // A group whose rows all moved elsewhere keeps a row of zeros in the rollup.
      if (count === 0) continue
      if (kind === FIGURE_KIND.dayAndType) {
        const day = key1 as number
        const type = key2 as string
        const figures = byDay.get(day) ?? { day: dayIso(day), count: 0, total_cost: 0, by_type: {} }
        figures.count += count
        figures.by_type[type] = (figures.by_type[type] ?? 0) + count
        byDay.set(day, figures)
        dayMicros.set(day, (dayMicros.get(day) ?? 0) + micros)
        byType[type] = (byType[type] ?? 0) + count
        typeMicros.set(type, (typeMicros.get(type) ?? 0) + micros)
      } else if (kind === FIGURE_KIND.assistant) {
        assistants.push({ key: key2 as string, count, micros })
      } else if (kind === FIGURE_KIND.sender) {
        senders.push({ id: key1 as number, count, micros })
      } else if (kind === FIGURE_KIND.customer) {
        customers.push({ id: key1 as number, count, micros })
      }
    }
    for (const [day, figures] of byDay) figures.total_cost = usd(dayMicros.get(day) ?? 0)
    for (const [type, micros] of typeMicros) byTypeCost[type] = usd(micros)

    const days = [...byDay.keys()].sort((a, b) => a - b)
    const covered = coveredDays(filters, days)
    const unit = covered ? unitFor(covered.from, covered.to) : 'day'
    const periods = new Map<
      number,
      { count: number; micros: number; by_type: Record<string, number> }
    >()
    if (covered) {
      for (const start of periodStarts(covered.from, covered.to, unit)) {
        periods.set(start, { count: 0, micros: 0, by_type: {} })
      }
    }
    for (const day of days) {
      const period = periods.get(periodStart(day, unit))
      const figures = byDay.get(day)
      if (!period || !figures) continue
      period.count += figures.count
      period.micros += dayMicros.get(day) ?? 0
      for (const [type, count] of Object.entries(figures.by_type)) {
        period.by_type[type] = (period.by_type[type] ?? 0) + count
      }
    }

    const [, , , count = 0, micros = 0, messages = 0, counted = 0, ai = 0, removed = 0] =
      total ?? []
    const byCount = <T extends { count: number }>(a: T, b: T): number => b.count - a.count
    return {
      from: covered ? dayIso(covered.from) : null,
      to: covered ? dayIso(covered.to) : null,
      unit,
      total: count,
      total_cost: usd(micros),
      removed,
      ai_enabled: ai,
      ai_enabled_share: count === 0 ? null : ai / count,
      average_messages: counted === 0 ? null : messages / counted,
      by_type: byType,
      by_type_cost: byTypeCost,
      by_day: days.map((day) => byDay.get(day)!),
      by_period: [...periods].map(([start, period]) => ({
        start: dayIso(start),
        count: period.count,
        total_cost: usd(period.micros),
        by_type: period.by_type
      })),
      by_assistant: assistants.sort(byCount).map(({ key, count, micros }): AssistantFigures => {
        const id = key === '' ? null : key
        return {
          assistant_id: id,
          assistant_name: assistantName.get(id) ?? null,
          count,
          total_cost: usd(micros)
        }
      }),
      by_sender: senders.sort(byCount).map(({ id, count, micros }): PhoneFigures => ({
        phone: phone.get(id) ?? '',
        name: senderName.get(id) ?? null,
        count,
        total_cost: usd(micros)
      })),
      top_customers: customersFromFacts(filters)
        ? customers.sort(byCount).map(({ id, count, micros }) => customerFigures(id, count, micros))
        : topCustomers(filters, count)
    }
  }

  /** `matching`: how many conversations the filters admit, which chooses how to read them. */
  function topCustomers(filters: SearchFilters, matching: number): PhoneFigures[] {
    const built = topCustomersQuery(filters, TOP_CUSTOMERS, matching)
    const rows = prepared(built.sql).all(...built.params) as {
      phone_id: number
      n: number
      cost: number | null
    }[]
    const costQuery = customerCostQuery(filters)
    const costOf = (phoneId: number): number =>
      (prepared(costQuery.sql)
        .pluck()
        .get(phoneId, ...costQuery.params) as number | null) ?? 0
    return rows.map((row) => customerFigures(row.phone_id, row.n, row.cost ?? costOf(row.phone_id)))
  }

  function customerFigures(phoneId: number, count: number, micros: number): PhoneFigures {
    return {
      phone: phone.get(phoneId) ?? '',
      name: customerName.get(phoneId) ?? null,
      count,
      total_cost: usd(micros)
    }
  }

  return {
    insights,
    sourceFor: (query) => figuresQuery(parseFilters(query, complete), TOP_CUSTOMERS).source
  }
}
