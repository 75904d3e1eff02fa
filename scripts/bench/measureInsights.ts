import type Database from 'better-sqlite3'
import type { Archive } from '../../src/main/core'
import type { SearchQuery } from '../../src/main/core/types'
import { prepareInsights } from '../../src/main/core/archive/insights/prepareInsights'
import type { PhoneQuery } from './phoneQueries'
import { percentile, timeMs } from './statistics'

const RUNS = 5
const DAY_MS = 24 * 60 * 60 * 1000

export interface InsightsCase {
  name: string
  query: SearchQuery
}

export interface InsightsCaseFigures {
  name: string
  /** Where its figures came from: the rollup table, or the matching rows themselves. */
  source: 'rollup' | 'conversations'
  medianMs: number
  firstMs: number
}

export interface InsightsFigures {
  cases: InsightsCaseFigures[]
  /** The whole dashboard over all time, unfiltered: the view as it first opens. */
  allTimeMs: number
  /** The slowest median of the cases the rollup answers: presets, type, assistant, sender... */
  rollupMaxMs: number
  /** Customer phone fragments of 4+ digits, each a filter the rollup cannot answer. */
  phoneP95Ms: number
  phoneQueries: number
  /** Fragments of 3 digits: thousands of numbers each, the broadest a search takes. */
  phone3P95Ms: number
  phone3Queries: number
  /** The slowest 3-digit fragment, and how many conversations it matched. */
  phone3Slowest: { typed: string; ms: number; rows: number }
  /** The slowest median of the words and external-id cases. */
  otherMaxMs: number
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * The dashboard's questions over the archive: the date presets as the window asks them (whole
 * UTC days ending with the newest conversation's), each filter the rollup answers, a time inside
 * a day, and the filters it cannot answer: a customer's number, words, an external id.
 */
export function dashboardCases(db: Database.Database): InsightsCase[] {
  const newest = db.prepare('SELECT max(created_at) FROM conversations').pluck().get() as number
  const last = isoDay(newest)
  const daysBefore = (days: number): string => isoDay(newest - days * DAY_MS)
  const one = <T>(sql: string): T => db.prepare(sql).pluck().get() as T
  const assistant = one<string>(
    'SELECT assistant_id FROM conversations WHERE assistant_id IS NOT NULL LIMIT 1'
  )
  const sender = one<string>(
    'SELECT sender_phone FROM conversations WHERE sender_phone IS NOT NULL LIMIT 1'
  )
  const name = one<string>(
    'SELECT customer_name FROM conversations WHERE customer_name IS NOT NULL ORDER BY rowid DESC LIMIT 1'
  )
  const external =
    one<string | undefined>(
      'SELECT external_identifier FROM conversations WHERE external_identifier IS NOT NULL LIMIT 1'
    ) ?? 'none'
  return [
    { name: 'all time', query: {} },
    { name: '7 days', query: { createdFrom: daysBefore(6), createdTo: last } },
    { name: '30 days', query: { createdFrom: daysBefore(29), createdTo: last } },
    { name: '90 days', query: { createdFrom: daysBefore(89), createdTo: last } },
    { name: 'this year', query: { createdFrom: `${last.slice(0, 4)}-01-01`, createdTo: last } },
    { name: 'type whatsapp', query: { type: 'whatsapp' } },
    { name: 'one assistant', query: { assistantId: assistant } },
    { name: 'one sender', query: { senderPhone: sender } },
    { name: 'removed left out', query: { removed: 'exclude' } },
    {
      name: '90 days, type and assistant',
      query: {
        createdFrom: daysBefore(89),
        createdTo: last,
        type: 'widget',
        assistantId: assistant
      }
    },
    { name: 'from a time inside a day', query: { createdFrom: `${daysBefore(89)}T12:34:56Z` } },
    { name: `words "${name.split(' ')[0]}"`, query: { text: name.split(' ')[0] } },
    { name: `words "${name}"`, query: { text: name } },
    { name: 'external id', query: { externalId: external } }
  ]
}

function measure(run: () => unknown): { medianMs: number; firstMs: number } {
  const runs = Array.from({ length: RUNS }, () => timeMs(run))
  return { medianMs: percentile(runs, 50), firstMs: runs[0] }
}

/**
 * Each dashboard question through archive.insights (every figure the view shows, the top
 * customers included), as the analytic reader answers it: median of 5 and the first (coldest).
 */
export function measureInsights(
  archive: Archive,
  db: Database.Database,
  phones: { short: readonly PhoneQuery[]; longer: readonly PhoneQuery[] }
): InsightsFigures {
  const sources = prepareInsights(db)
  const cases = dashboardCases(db).map((c): InsightsCaseFigures => ({
    name: c.name,
    source: sources.sourceFor(c.query),
    ...measure(() => archive.insights(c.query))
  }))
  const phoneRuns = phones.longer.map((phone) =>
    timeMs(() => archive.insights({ phone: phone.typed }))
  )
  let slowest = { typed: '', ms: 0, rows: 0 }
  const phone3Runs = phones.short.map((phone) => {
    let rows = 0
    const ms = timeMs(() => (rows = archive.insights({ phone: phone.typed }).total))
    if (ms > slowest.ms) slowest = { typed: phone.typed, ms, rows }
    return ms
  })
  const rollup = cases.filter((c) => c.source === 'rollup').map((c) => c.medianMs)
  const other = cases.filter((c) => c.source === 'conversations').map((c) => c.medianMs)
  return {
    cases,
    allTimeMs: cases[0].medianMs,
    rollupMaxMs: Math.max(...rollup),
    phoneP95Ms: percentile(phoneRuns, 95),
    phoneQueries: phoneRuns.length,
    phone3P95Ms: percentile(phone3Runs, 95),
    phone3Queries: phone3Runs.length,
    phone3Slowest: slowest,
    otherMaxMs: Math.max(...other)
  }
}
