import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchQuery } from '../../types'
import { openArchive } from '../openArchive'
import type { BuiltQuery } from '../searchConversations'
import { parseFilters } from '../searchFilters'
import { useTempDir } from '../testArchive'
import { DATE_WALK_MAX, customerCostQuery, figuresQuery, topCustomersQuery } from './insightsSql'

/**
 * The dashboard's statements must read the rollup or an index, never walk the whole
 * conversations table: these fail if a schema or query change makes SQLite do so.
 */
const { tempFile } = useTempDir()
let db: Database.Database

beforeAll(() => {
  const file = tempFile()
  openArchive(file).close()
  db = new Database(file, { readonly: true })
})
afterAll(() => db.close())

function plan(built: BuiltQuery): string {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${built.sql}`)
    .all(...built.params)
    .map((row) => row.detail)
    .join(' | ')
}

const figures = (query: SearchQuery): string => plan(figuresQuery(parseFilters(query), 10))
const top = (query: SearchQuery, matching = 1_000_000): string =>
  plan(topCustomersQuery(parseFilters(query), 10, matching))

describe('the dashboard’s query plans', () => {
  it('reads the rollup for the filters it holds, a date range by its key', () => {
    expect(figures({})).toMatch(/SCAN conversation_rollup/)
    expect(figures({ createdFrom: '2025-01-01', createdTo: '2025-03-31', type: 'api' })).toMatch(
      /SEARCH conversation_rollup USING PRIMARY KEY \(day>\? AND day<\?\)/
    )
    for (const query of [{}, { type: 'api' }, { removed: 'exclude' as const }]) {
      expect(figures(query)).not.toMatch(/SCAN c\b|SCAN conversations\b/)
    }
  })

  it('reads only the part-days of a time inside a day from the table, by date', () => {
    const split = figures({
      createdFrom: '2025-01-01T12:00:00Z',
      createdTo: '2025-01-09T08:00:00Z'
    })
    expect(split).toMatch(/conversation_rollup/)
    expect(split).toMatch(
      /SEARCH c USING (COVERING )?INDEX conversations_created \(created_at>\? AND created_at<\?\)/
    )
  })

  it('reads the matching rows through their own index when the rollup cannot answer, customers too', () => {
    expect(figures({ phone: '4155' })).toMatch(/conversations_customer_phone/)
    expect(figures({ externalId: 'lead-7' })).toMatch(/INDEX conversations_external/)
    expect(figures({ text: 'refund' })).toMatch(/conversations_fts/)
    for (const query of [{ phone: '4155' }, { externalId: 'x' }, { text: 'refund' }]) {
      expect(figures(query)).not.toMatch(/SCAN c\b/)
      // Under words or an external id the top customers come from the same facts.
      expect(
        figures(query).match(
          /conversations_customer_phone|conversations_external|conversations_fts/g
        )?.length,
        JSON.stringify(query)
      ).toBe(1)
    }
  })

  it('groups the top customers along the customer index alone', () => {
    for (const query of [
      {},
      { type: 'whatsapp', removed: 'exclude' as const, createdFrom: '2025-01-01' }
    ]) {
      expect(top(query)).toMatch(/COVERING INDEX conversations_customer_phone/)
    }
    // A short range with few matches reads its rows by date instead.
    expect(top({ createdFrom: '2025-06-24' }, DATE_WALK_MAX)).toMatch(
      /INDEX conversations_created \(created_at>\?\)/
    )
    expect(top({ createdFrom: '2025-06-24' }, DATE_WALK_MAX + 1)).toMatch(
      /COVERING INDEX conversations_customer_phone/
    )
    const cost = customerCostQuery(parseFilters({ type: 'api' }))
    expect(plan({ sql: cost.sql, params: [1, ...cost.params] })).toMatch(
      /COVERING INDEX conversations_customer_phone \(customer_phone_id=\?\)/
    )
  })
})
