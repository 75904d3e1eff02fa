import { describe, expect, it } from 'vitest'
import type { Archive } from '../archive'
import { openArchive } from '../openArchive'
import { makeCheckpoint, useTempDir } from '../testArchive'
import { makeRow, makeWhatsAppRow } from '../testRows'
import { parseFilters } from '../searchFilters'
import { DATE_WALK_MAX, topCustomersQuery } from './insightsSql'
import { prepareInsights } from './prepareInsights'
import Database from 'better-sqlite3'

const { tempFile } = useTempDir()

/** The rollup worked out again from the conversations themselves. */
const TABLE_FIGURES = `SELECT (created_at / 86400000) AS day, type, coalesce(assistant_id, '') AS assistant_key,
           coalesce(sender_phone_id, 0) AS sender_key, removed_at IS NOT NULL AS removed,
           count(*) AS conversations, sum(CAST(round(coalesce(total_cost, 0) * 1000000) AS INTEGER)) AS cost_micros,
           sum(coalesce(message_count, 0)) AS messages, count(message_count) AS with_messages,
           sum(coalesce(ai_enabled = 1, 0)) AS ai_enabled
         FROM conversations GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`
const SEEN = '2025-03-01T00:00:00.000Z'
const JANE = { name: 'Jane Doe', phone: '+14155559876' }
const BOB = { name: 'Bob Major', phone: '+442079460958' }
const FRANCE = { name: 'Acme France', phone: '+33698765432' }

/**
 * Seven conversations whose figures are worked out by hand below. Days are UTC: c is created
 * on Sunday 5 January at 23:30, so it belongs to the ISO week before a's and b's (Monday 6th).
 */
function smallArchive(): Archive {
  const archive = openArchive(tempFile())
  archive.writePage(
    [
      makeRow({
        id: 'a',
        type: 'widget',
        total_cost: 0.1,
        message_count: 4,
        ai_enabled: true,
        created_at: '2025-01-06T00:00:00.000Z'
      }),
      makeRow({
        id: 'b',
        type: 'widget',
        total_cost: 0.2,
        message_count: 2,
        ai_enabled: false,
        created_at: '2025-01-06T23:59:59.999Z'
      }),
      makeRow({
        id: 'c',
        type: 'api',
        assistant_id: 'a-2',
        assistant_name: 'Sales Bot',
        total_cost: 0.0003,
        message_count: null,
        ai_enabled: null,
        created_at: '2025-01-05T23:30:00.000Z'
      }),
      makeWhatsAppRow('d', JANE.phone, {
        customer: JANE,
        total_cost: 0.3,
        message_count: 6,
        ai_enabled: true,
        created_at: '2025-01-31T12:00:00.000Z'
      }),
      makeWhatsAppRow('e', JANE.phone, {
        customer: JANE,
        assistant_id: 'a-2',
        assistant_name: 'Sales Bot',
        total_cost: 0.0001,
        message_count: 1,
        ai_enabled: true,
        created_at: '2025-02-01T08:00:00.000Z'
      }),
      makeWhatsAppRow('f', BOB.phone, {
        customer: BOB,
        whatsapp_sender: FRANCE,
        assistant_name: 'Support v2',
        external_identifier: 'lead-7',
        total_cost: 1,
        message_count: 3,
        ai_enabled: false,
        created_at: '2025-02-03T10:00:00.000Z'
      }),
      makeRow({
        id: 'g',
        type: 'test',
        assistant_id: null,
        assistant_name: null,
        total_cost: 0,
        message_count: 0,
        ai_enabled: false,
        created_at: '2025-02-03T11:00:00.000Z'
      })
    ],
    SEEN,
    makeCheckpoint({ startedAt: SEEN })
  )
  return archive
}

describe('insights over a small archive, against figures worked out by hand', () => {
  it('sums every conversation: totals, types, days, assistants, senders and customers', () => {
    const archive = smallArchive()
    const all = archive.insights({})
    expect(all).toMatchObject({
      from: '2025-01-05',
      to: '2025-02-03',
      unit: 'day',
      total: 7,
      // 1.6004 exactly: added up as floats, 0.1 + 0.2 alone would be 0.30000000000000004.
      total_cost: 1.6004,
      removed: 0,
      ai_enabled: 3,
      ai_enabled_share: 3 / 7,
      // a 4, b 2, d 6, e 1, f 3, g 0; c has no message count.
      average_messages: 16 / 6,
      by_type: { widget: 2, api: 1, whatsapp: 3, test: 1 },
      by_type_cost: { widget: 0.3, api: 0.0003, whatsapp: 1.3001, test: 0 }
    })
    expect(all.by_day).toEqual([
      { day: '2025-01-05', count: 1, total_cost: 0.0003, by_type: { api: 1 } },
      { day: '2025-01-06', count: 2, total_cost: 0.3, by_type: { widget: 2 } },
      { day: '2025-01-31', count: 1, total_cost: 0.3, by_type: { whatsapp: 1 } },
      { day: '2025-02-01', count: 1, total_cost: 0.0001, by_type: { whatsapp: 1 } },
      { day: '2025-02-03', count: 2, total_cost: 1, by_type: { whatsapp: 1, test: 1 } }
    ])
    // Every day of the range is a bar, those without conversations too.
    expect(all.by_period).toHaveLength(30)
    expect(all.by_period[1]).toEqual({
      start: '2025-01-06',
      count: 2,
      total_cost: 0.3,
      by_type: { widget: 2 }
    })
    expect(all.by_period[2]).toEqual({ start: '2025-01-07', count: 0, total_cost: 0, by_type: {} })
    expect(all.by_assistant).toEqual([
      { assistant_id: 'a-1', assistant_name: 'Support v2', count: 4, total_cost: 1.6 },
      { assistant_id: 'a-2', assistant_name: 'Sales Bot', count: 2, total_cost: 0.0004 },
      { assistant_id: null, assistant_name: null, count: 1, total_cost: 0 }
    ])
    expect(all.by_sender).toEqual([
      { phone: '+14155551234', name: 'Acme Corp Support', count: 2, total_cost: 0.3001 },
      { phone: FRANCE.phone, name: FRANCE.name, count: 1, total_cost: 1 }
    ])
    expect(all.top_customers).toEqual([
      { phone: JANE.phone, name: JANE.name, count: 2, total_cost: 0.3001 },
      { phone: BOB.phone, name: BOB.name, count: 1, total_cost: 1 }
    ])
    archive.close()
  })

  it('applies each search filter', () => {
    const archive = smallArchive()
    const totals = (query: Parameters<Archive['insights']>[0]): [number, number] => {
      const figures = archive.insights(query)
      return [figures.total, figures.total_cost]
    }
    expect(totals({ type: 'whatsapp' })).toEqual([3, 1.3001])
    expect(totals({ assistantId: 'a-2' })).toEqual([2, 0.0004])
    expect(totals({ senderPhone: '+33 6 98' })).toEqual([1, 1])
    expect(totals({ phone: '9876' })).toEqual([2, 0.3001])
    expect(totals({ externalId: 'lead-7' })).toEqual([1, 1])
    expect(totals({ text: 'bob' })).toEqual([1, 1])
    // Bare dates are whole UTC days, the "to" day included.
    expect(totals({ createdFrom: '2025-01-06', createdTo: '2025-01-31' })).toEqual([3, 0.6])
    // Times inside a day: b (23:59:59.999 on the 6th), d and e, not a or f.
    expect(
      totals({ createdFrom: '2025-01-06T12:00:00Z', createdTo: '2025-02-01T09:00:00Z' })
    ).toEqual([3, 0.5001])
    expect(totals({ type: 'whatsapp', phone: '9876', createdFrom: '2025-02-01' })).toEqual([
      1, 0.0001
    ])
    // Under words the top customers come from the same facts as the other figures.
    expect(archive.insights({ text: 'bob' }).top_customers).toEqual([
      { phone: BOB.phone, name: BOB.name, count: 1, total_cost: 1 }
    ])
    expect(archive.insights({ externalId: 'lead-7', type: 'widget' }).top_customers).toEqual([])
    const jane = archive.insights({ phone: '9876' })
    expect(jane.by_sender).toEqual([
      { phone: '+14155551234', name: 'Acme Corp Support', count: 2, total_cost: 0.3001 }
    ])
    expect(jane.top_customers).toEqual([
      { phone: JANE.phone, name: JANE.name, count: 2, total_cost: 0.3001 }
    ])
    archive.close()
  })

  it('counts removed conversations, and leaves them out or keeps only them on request', () => {
    const archive = smallArchive()
    // A complete crawl that saw every conversation but g.
    const later = '2025-03-02T00:00:00.000Z'
    const seen = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => archive.get(id)!)
    archive.writePage(
      seen.map((conversation) => makeRow({ ...conversation })),
      later,
      makeCheckpoint({ startedAt: later })
    )
    archive.completeCrawl({ mode: 'full', startedAt: later, finishedAt: later, complete: true })
    expect(archive.insights({}).removed).toBe(1)
    expect(archive.insights({ removed: 'exclude' })).toMatchObject({ total: 6, removed: 0 })
    expect(archive.insights({ removed: 'only' })).toMatchObject({
      total: 1,
      removed: 1,
      by_type: { test: 1 }
    })
    archive.close()
  })

  it('buckets a longer range by ISO week (from Monday), and a longer one still by month', () => {
    const archive = smallArchive()
    const weeks = archive.insights({ createdFrom: '2025-01-01', createdTo: '2025-06-30' })
    expect(weeks.unit).toBe('week')
    expect(weeks.by_period[0].start).toBe('2024-12-30')
    expect(weeks.by_period.filter((period) => period.count > 0)).toEqual([
      { start: '2024-12-30', count: 1, total_cost: 0.0003, by_type: { api: 1 } },
      { start: '2025-01-06', count: 2, total_cost: 0.3, by_type: { widget: 2 } },
      { start: '2025-01-27', count: 2, total_cost: 0.3001, by_type: { whatsapp: 2 } },
      { start: '2025-02-03', count: 2, total_cost: 1, by_type: { whatsapp: 1, test: 1 } }
    ])
    const months = archive.insights({ createdFrom: '2024-01-01', createdTo: '2025-12-31' })
    expect(months.unit).toBe('month')
    expect(months.by_period).toHaveLength(24)
    expect(months.by_period.filter((period) => period.count > 0)).toEqual([
      {
        start: '2025-01-01',
        count: 4,
        total_cost: 0.6003,
        by_type: { api: 1, widget: 2, whatsapp: 1 }
      },
      { start: '2025-02-01', count: 3, total_cost: 1.0001, by_type: { whatsapp: 2, test: 1 } }
    ])
    // The by_day series ignores the unit: it is always days.
    expect(months.by_day).toHaveLength(5)
    archive.close()
  })

  it('answers an empty archive and a filter nothing matches with zeros, not errors', () => {
    const archive = openArchive(tempFile())
    expect(archive.insights({})).toMatchObject({
      from: null,
      to: null,
      total: 0,
      total_cost: 0,
      ai_enabled_share: null,
      average_messages: null,
      by_day: [],
      by_period: [],
      top_customers: []
    })
    archive.close()
    const filled = smallArchive()
    const none = filled.insights({
      type: 'whatsapp',
      createdFrom: '2025-03-01',
      createdTo: '2025-03-07'
    })
    expect(none).toMatchObject({ total: 0, from: '2025-03-01', to: '2025-03-07' })
    expect(none.by_period).toHaveLength(7)
    filled.close()
  })
})

describe('the top customers', () => {
  it('are the same whether a dated question reads its rows by date or every customer’s', () => {
    const archive = smallArchive()
    const db = new Database(archive.file, { readonly: true })
    for (const query of [
      { createdFrom: '2025-01-31' },
      { createdFrom: '2025-01-01', type: 'whatsapp' },
      { createdFrom: '2025-02-01', removed: 'exclude' as const }
    ]) {
      const filters = parseFilters(query)
      const read = (matching: number): unknown[] => {
        const built = topCustomersQuery(filters, 10, matching)
        return db
          .prepare(built.sql)
          .raw()
          .all(...built.params)
      }
      const byDate = read(DATE_WALK_MAX)
      const byCustomer = read(DATE_WALK_MAX + 1)
      expect(byDate.length, JSON.stringify(query)).toBeGreaterThan(0)
      // By customer the costs are summed afterwards, for the ten listed only.
      expect(byDate.map((row) => (row as unknown[]).slice(0, 2))).toEqual(
        byCustomer.map((row) => (row as unknown[]).slice(0, 2))
      )
    }
    db.close()
    archive.close()
  })
})

describe('the rollup', () => {
  it('answers the filters it holds, and the conversations answer the others', () => {
    const archive = smallArchive()
    const db = new Database(archive.file, { readonly: true })
    const reader = prepareInsights(db)
    expect(reader.sourceFor({})).toBe('rollup')
    expect(reader.sourceFor({ type: 'api', assistantId: 'a-2', senderPhone: '415' })).toBe('rollup')
    expect(reader.sourceFor({ createdFrom: '2025-01-06T12:00:00Z' })).toBe('rollup')
    expect(reader.sourceFor({ removed: 'only', createdFrom: '2025-01-06' })).toBe('rollup')
    expect(reader.sourceFor({ phone: '9876' })).toBe('conversations')
    expect(reader.sourceFor({ text: 'bob' })).toBe('conversations')
    expect(reader.sourceFor({ externalId: 'lead-7' })).toBe('conversations')
    db.close()
    archive.close()
  })

  it('stays equal to the conversations it sums through inserts, updates and removals', () => {
    const archive = smallArchive()
    const later = '2025-03-02T00:00:00.000Z'
    // b changes type, cost and day; e changes assistant and loses its message count.
    archive.writePage(
      [
        makeRow({
          ...archive.get('b')!,
          type: 'api',
          total_cost: 0.7,
          created_at: '2025-01-07T01:00:00.000Z'
        }),
        makeRow({
          ...archive.get('e')!,
          assistant_id: 'a-1',
          message_count: null
        }),
        makeRow({
          id: 'h',
          type: 'widget',
          total_cost: 0.05,
          created_at: '2025-02-03T12:00:00.000Z'
        })
      ],
      later,
      makeCheckpoint({ startedAt: later })
    )
    archive.completeCrawl({ mode: 'full', startedAt: later, finishedAt: later, complete: true })
    const db = new Database(archive.file, { readonly: true })
    const fromTable = db.prepare(TABLE_FIGURES).all()
    const rollup = db
      .prepare('SELECT * FROM conversation_rollup WHERE conversations <> 0 ORDER BY 1, 2, 3, 4, 5')
      .all()
    expect(rollup).toEqual(fromTable)
    // Only h (new) and b, e (changed) were seen after the crawl began: the rest are removed.
    expect(archive.insights({})).toMatchObject({ total: 8, removed: 5, total_cost: 2.1504 })
    // A removed conversation the server lists again, unchanged, is counted as not removed.
    const again = '2025-03-03T00:00:00.000Z'
    archive.writePage(
      [makeRow({ ...archive.get('a')! })],
      again,
      makeCheckpoint({ startedAt: again })
    )
    expect(archive.get('a')?.removed_at).toBeNull()
    expect(archive.insights({})).toMatchObject({ total: 8, removed: 4 })
    expect(
      db
        .prepare(
          'SELECT * FROM conversation_rollup WHERE conversations <> 0 ORDER BY 1, 2, 3, 4, 5'
        )
        .all()
    ).toEqual(db.prepare(TABLE_FIGURES).all())
    db.close()
    archive.close()
  })
})
