import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchQuery } from '../types'
import { SENDERS_SQL } from './filterOptions'
import { openArchive } from './openArchive'
import { buildCountQuery, buildPageQuery, type BuiltQuery } from './searchConversations'
import type { SearchPlan } from './searchPlan'
import { parseFilters } from './searchFilters'
import { ASSISTANT_TOTALS_SQL, STATS_SQL } from './stats'
import { COUNTS_SQL } from './counts'
import { useTempDir } from './testArchive'

/**
 * Every list query must be answered from an index: these tests fail if a schema or query change
 * makes SQLite fall back to reading the whole conversations table.
 */
const { tempFile } = useTempDir()
let db: Database.Database

beforeAll(() => {
  const file = tempFile()
  openArchive(file).close()
  db = new Database(file, { readonly: true })
})

afterAll(() => {
  db.close()
})

function plan(built: BuiltQuery): string[] {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${built.sql}`)
    .all(...built.params)
    .map((row) => row.detail)
}

/** A read of the table with no index: `SCAN c` or `SCAN conversations`, nothing after. */
function fullScans(details: string[]): string[] {
  return details.filter((detail) => /^SCAN (c|conversations)$/.test(detail))
}

const AFTER = { createdAt: Date.parse('2025-01-25T00:00:00.000Z'), rowid: 10 }

describe('search query plans', () => {
  it.each<[string, SearchQuery, RegExp]>([
    ['no filter', {}, /(SCAN|SEARCH) c USING COVERING INDEX conversations_created/],
    [
      'customer phone',
      { phone: '555' },
      /USING COVERING INDEX conversations_customer_phone \(customer_phone_id=\?/
    ],
    [
      'sender phone',
      { senderPhone: '1234' },
      /USING COVERING INDEX conversations_sender_phone \(sender_phone_id=\?/
    ],
    ['type', { type: 'whatsapp' }, /SEARCH c USING COVERING INDEX conversations_type \(type=\?/],
    [
      'assistant',
      { assistantId: 'a-1' },
      /SEARCH c USING COVERING INDEX conversations_assistant \(assistant_id=\?/
    ],
    [
      'external id',
      { externalId: 'crm-1' },
      /SEARCH c USING COVERING INDEX conversations_external \(external_identifier=\?/
    ],
    ['text', { text: 'jane' }, /SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/],
    [
      'from',
      { createdFrom: '2025-01-01' },
      /SEARCH c USING COVERING INDEX conversations_created \(created_at>\?/
    ],
    [
      'to',
      { createdTo: '2025-01-01' },
      /SEARCH c USING COVERING INDEX conversations_created \(created_at<\?/
    ],
    [
      'removed only',
      { removed: 'only' },
      /(SCAN|SEARCH) c USING COVERING INDEX conversations_removed/
    ],
    [
      'removed excluded',
      { removed: 'exclude' },
      /(SCAN|SEARCH) c USING INDEX conversations_created/
    ]
  ])('%s', (_, query, expected) => {
    const first = plan(buildPageQuery(parseFilters(query), null, 50))
    expect(first.join('\n')).toMatch(expected)
    expect(fullScans(first)).toEqual([])

    const next = plan(buildPageQuery(parseFilters(query), AFTER, 50))
    expect(next.join('\n')).toMatch(expected)
    expect(fullScans(next)).toEqual([])

    // Counting rows that are not removed reads rows in table order until the cap: no index
    // holds removed_at except the partial one of removed rows. Every other count is indexed.
    const count = plan(buildCountQuery(parseFilters(query), 10_000))
    expect(fullScans(count)).toEqual(query.removed === 'exclude' ? ['SCAN c'] : [])
  })

  it('walks the newest rows for a phone fragment many numbers share, testing each row’s phone', () => {
    for (const [query, index] of [
      [{ phone: '555' }, 'conversations_created'],
      [{ phone: '555', type: 'whatsapp' }, 'conversations_type'],
      [{ phone: '555', assistantId: 'a' }, 'conversations_assistant']
    ] as const) {
      for (const after of [null, AFTER]) {
        const details = plan(
          buildPageQuery(parseFilters(query), after, 50, { phone: 'newest-first' })
        )
        expect(details.join('\n')).toMatch(
          new RegExp(
            `SEARCH c USING (COVERING )?INDEX ${index}|SCAN c USING (COVERING )?INDEX ${index}`
          )
        )
        expect(details.filter((detail) => detail.includes('TEMP B-TREE'))).toEqual([])
        expect(details.join('\n')).not.toMatch(/conversations_customer_phone/)
        // Each row's phone by its id: nothing is gathered from the trigram index first.
        expect(details.join('\n')).toMatch(/SEARCH cp USING INTEGER PRIMARY KEY \(rowid=\?\)/)
        expect(details.join('\n')).not.toMatch(/phone_trigrams/)
      }
    }
  })

  it('reads the rows of numbers the plan already found through the phone index alone', () => {
    for (const after of [null, AFTER]) {
      const built = buildPageQuery(parseFilters({ phone: '555' }), after, 50, {
        phone: 'by-phone',
        phoneIds: [3, 1, 2]
      })
      const details = plan(built).join('\n')
      expect(details).toMatch(
        /USING COVERING INDEX conversations_customer_phone \(customer_phone_id=\?/
      )
      expect(details).not.toMatch(/phone_trigrams/)
      expect(built.params[0]).toBe('[3,1,2]')
    }
  })

  it('walks the removed rows’ own index, newest first, whatever else filters them', () => {
    const filtered: SearchQuery[] = [
      { type: 'api' },
      { assistantId: 'a' },
      { externalId: 'x' },
      { senderPhone: '1234' },
      { text: 'jane' },
      { phone: '555' },
      { createdFrom: '2025-01-01', createdTo: '2025-02-01' }
    ]
    for (const query of filtered) {
      const filters = parseFilters({ ...query, removed: 'only' })
      for (const after of [null, AFTER]) {
        const details = plan(
          buildPageQuery(filters, after, 50, { phone: 'by-phone', removedFirst: true })
        )
        expect(details.join('\n')).toMatch(
          /(SCAN|SEARCH) c USING (COVERING )?INDEX conversations_removed/
        )
        expect(details.filter((detail) => detail.includes('TEMP B-TREE'))).toEqual([])
        expect(fullScans(details)).toEqual([])
      }
      const count = plan(
        buildCountQuery(filters, 10_000, { phone: 'by-phone', removedFirst: true })
      )
      expect(count.join('\n')).toMatch(
        /(SCAN|SEARCH) c USING (COVERING )?INDEX conversations_removed/
      )
    }
    const walk = plan(
      buildPageQuery(parseFilters({ phone: '555', removed: 'only' }), null, 50, {
        phone: 'newest-first',
        removedFirst: true
      })
    )
    expect(walk.join('\n')).toMatch(/SCAN c USING (COVERING )?INDEX conversations_removed/)
    expect(walk.join('\n')).toMatch(/SEARCH cp USING INTEGER PRIMARY KEY/)
  })

  it('walks an index in list order for words many rows share, testing each row against them', () => {
    for (const [query, index] of [
      [{ text: 'jane' }, 'conversations_created'],
      [{ text: 'jane', type: 'api' }, 'conversations_type'],
      [{ text: 'jane', assistantId: 'a' }, 'conversations_assistant']
    ] as const) {
      for (const after of [null, AFTER]) {
        const details = plan(
          buildPageQuery(parseFilters(query), after, 50, {
            phone: 'by-phone',
            text: 'newest-first'
          })
        ).join('\n')
        expect(details).toMatch(new RegExp(`(SCAN|SEARCH) c USING (COVERING )?INDEX ${index}`))
        expect(details).not.toMatch(/TEMP B-TREE/)
      }
    }
  })

  it('counts words alone from the full-text index, without reading a row', () => {
    const details = plan(buildCountQuery(parseFilters({ text: 'jane' }), 10_000)).join('\n')
    expect(details).toMatch(/SCAN conversations_fts VIRTUAL TABLE/)
    expect(details).not.toMatch(/ c USING|conversations_created/)
    const filtered = plan(buildCountQuery(parseFilters({ text: 'jane', type: 'api' }), 10_000))
    expect(filtered.join('\n')).toMatch(/c USING (COVERING )?INDEX conversations_type/)
  })

  it('reads the rows of a few numbers through the phone index, whatever else filters them', () => {
    const others: SearchQuery[] = [
      { type: 'whatsapp' },
      { assistantId: 'a' },
      { senderPhone: '1234' },
      { removed: 'only' },
      { text: 'jane' },
      { createdFrom: '2025-01-01', createdTo: '2025-02-01' }
    ]
    const found: SearchPlan = { phone: 'by-phone', phoneIds: [3, 1, 2], removedFirst: true }
    for (const query of others) {
      const filters = parseFilters({ ...query, phone: '555' })
      for (const built of [
        buildPageQuery(filters, null, 50, found),
        buildPageQuery(filters, AFTER, 50, found),
        buildCountQuery(filters, 10_000, found)
      ]) {
        expect(plan(built).join('\n')).toMatch(
          /SEARCH c USING (COVERING )?INDEX conversations_customer_phone \(customer_phone_id=\?/
        )
      }
    }
  })

  it('reads the next page from the cursor on, not from the top', () => {
    const details = plan(buildPageQuery(parseFilters({}), AFTER, 50))
    expect(details.join('\n')).toMatch(/conversations_created \(created_at<\?\)/)
  })

  it('takes the order from the index where the filter has one, so a page reads one page of rows', () => {
    const ordered: SearchQuery[] = [
      {},
      { type: 'api' },
      { assistantId: 'a' },
      { externalId: 'x' },
      { createdFrom: '2025-01-01', createdTo: '2025-02-01' },
      { removed: 'only' },
      { removed: 'exclude' }
    ]
    for (const query of ordered) {
      const details = plan(buildPageQuery(parseFilters(query), AFTER, 50))
      expect(details.filter((detail) => detail.includes('TEMP B-TREE'))).toEqual([])
    }
  })
})

describe('stats query plans', () => {
  it.each([
    ['by type', STATS_SQL.byType, /SCAN conversations USING COVERING INDEX conversations_type/],
    [
      'by assistant',
      STATS_SQL.byAssistant,
      /SCAN conversations USING COVERING INDEX conversations_assistant/
    ],
    [
      'assistant names',
      ASSISTANT_TOTALS_SQL,
      /SEARCH conversations USING INDEX conversations_assistant \(assistant_id=\?\)/
    ],
    ['removed', STATS_SQL.removed, /SCAN conversations USING COVERING INDEX conversations_removed/],
    [
      'date range',
      STATS_SQL.range,
      /SEARCH conversations USING COVERING INDEX conversations_created/
    ],
    ['senders', SENDERS_SQL, /USING COVERING INDEX conversations_sender_phone/],
    ['total rows', COUNTS_SQL.total, /^SEARCH conversations$/m],
    [
      'types',
      COUNTS_SQL.types,
      /SEARCH conversations USING COVERING INDEX conversations_type \(type>\?\)/
    ]
  ])('%s', (_, sql, expected) => {
    const details = plan({ sql, params: [] })
    expect(details.join('\n')).toMatch(expected)
    expect(fullScans(details)).toEqual([])
  })
})
