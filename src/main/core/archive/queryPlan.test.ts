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
import { prepareCustomer } from './customer'
import { useTempDir } from './testArchive'
import { prepareTranscriptReader } from './transcriptReader'
import { TRANSCRIPT_COUNTS_SQL, TRANSCRIPT_TARGETS_SQL } from './transcriptTargets'
import { prepareTranscriptWriter } from './transcriptWriter'
import { prepareCompletions } from './wordCompletions'

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

interface PlanRow {
  id: number
  parent: number
  detail: string
}

function planRows(built: BuiltQuery): PlanRow[] {
  return db.prepare<unknown[], PlanRow>(`EXPLAIN QUERY PLAN ${built.sql}`).all(...built.params)
}

function plan(built: BuiltQuery): string[] {
  return planRows(built).map((row) => row.detail)
}

/** The details of the first step matching `step` and of every step under it. */
function subtree(rows: PlanRow[], step: RegExp): string[] {
  const root = rows.find((row) => step.test(row.detail))
  if (!root) throw new Error(`No step ${step} in:\n${rows.map((r) => r.detail).join('\n')}`)
  const ids = new Set([root.id])
  for (const row of rows) if (ids.has(row.parent)) ids.add(row.id)
  return rows.filter((row) => ids.has(row.id)).map((row) => row.detail)
}

/**
 * A page with words under the 'walk' plan is the newest of two lists (searchConversations.ts):
 * the rows whose fields match, read as a list without words is, and the transcripts' walk.
 * Each is bounded by the page's size; only merging them (a few hundred rows at most) sorts.
 */
function fieldsList(built: BuiltQuery): string[] {
  return subtree(planRows(built), /^LEFT-MOST SUBQUERY$/)
}

/**
 * FTS5 reads its matches in key order, newest first, and stops: the walk of the transcripts'
 * index. Its plan names the order in the index number: 0x40 by rowid, 0x80 descending.
 */
function walksTranscriptsNewestFirst(details: string[]): boolean {
  return details.some((detail) => {
    const match = /^SCAN f VIRTUAL TABLE INDEX (\d+):M\d+></.exec(detail)
    return match !== null && (Number(match[1]) & 0xc0) === 0xc0
  })
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
        const built = buildPageQuery(filters, after, 50, { phone: 'by-phone', removedFirst: true })
        const details = filters.text === null ? plan(built) : fieldsList(built)
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
        const details = fieldsList(
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

  it('counts words alone from the full-text indexes, without reading a row', () => {
    const details = plan(buildCountQuery(parseFilters({ text: 'jane' }), 10_000)).join('\n')
    expect(details).toMatch(/SCAN conversations_fts VIRTUAL TABLE/)
    expect(details).toMatch(/SCAN f VIRTUAL TABLE/)
    expect(details).toMatch(/SEARCH t USING COVERING INDEX transcripts_doc \(doc_key=\?\)/)
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

describe('transcript search plans', () => {
  const PHONES: SearchPlan = { phone: 'by-phone', phoneIds: [3, 1, 2] }

  /** The walk's own steps: FTS5 newest first, each match's conversation by key, no sorting. */
  function expectWalk(built: BuiltQuery): void {
    const walk = subtree(planRows(built), /^MATERIALIZE walk$/)
    expect(walksTranscriptsNewestFirst(walk), walk.join('\n')).toBe(true)
    expect(walk.join('\n')).toMatch(/SEARCH t USING COVERING INDEX transcripts_doc \(doc_key=\?\)/)
    expect(walk.join('\n')).toMatch(/SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(walk.join('\n')).not.toMatch(/TEMP B-TREE/)
    expect(fullScans(plan(built))).toEqual([])
  }

  it.each<[string, SearchQuery, SearchPlan]>([
    ['words alone', { text: 'refund' }, { phone: 'by-phone' }],
    ['words and a type', { text: 'refund', type: 'api' }, { phone: 'by-phone' }],
    ['words and dates', { text: 'refund', createdFrom: '2025-01-01' }, { phone: 'by-phone' }],
    ['words and a broad fragment', { text: 'refund', phone: '415' }, { phone: 'newest-first' }],
    ['words and a few numbers', { text: 'refund', phone: '415' }, PHONES],
    [
      'words and removed rows',
      { text: 'refund', removed: 'only' },
      { phone: 'by-phone', removedFirst: true }
    ]
  ])('%s: walk the transcripts’ index newest first and stop at a page', (_, query, chosen) => {
    for (const after of [null, AFTER]) {
      const built = buildPageQuery(parseFilters(query), after, 50, {
        ...chosen,
        transcript: 'walk'
      })
      expectWalk(built)
      // The rest of the last second walked, and the overflow: key ranges, not whole lists.
      expect(plan(built).join('\n')).toMatch(/SCAN f VIRTUAL TABLE INDEX 0:M\d+></)
      expect(plan(built).join('\n')).toMatch(/SCAN f VIRTUAL TABLE INDEX 0:M\d+<$/m)
    }
  })

  it.each<[string, SearchQuery, SearchPlan]>([
    [
      'a few numbers',
      { text: 'refund', phone: '415', type: 'api' },
      { ...PHONES, anchor: 'conversations_customer_phone' }
    ],
    [
      'an external id',
      { text: 'refund', externalId: 'crm-1' },
      { phone: 'by-phone', anchor: 'conversations_external' }
    ],
    [
      'a few removed rows',
      { text: 'refund', removed: 'only' },
      { phone: 'by-phone', removedFirst: true, anchor: 'conversations_removed' }
    ]
  ])('under %s: read the filter’s rows and test each by its key', (_, query, chosen) => {
    const perRow: SearchPlan = { ...chosen, transcript: 'per-row' }
    const filters = parseFilters(query)
    for (const built of [
      buildPageQuery(filters, null, 50, perRow),
      buildPageQuery(filters, AFTER, 50, perRow),
      buildCountQuery(filters, 10_000, perRow)
    ]) {
      const details = plan(built).join('\n')
      expect(details).toMatch(
        new RegExp(`(SCAN|SEARCH) c USING (COVERING )?INDEX ${chosen.anchor}`)
      )
      expect(details).toMatch(/SEARCH t USING INTEGER PRIMARY KEY \(rowid=\?\)/)
      expect(details).toMatch(/SCAN tf VIRTUAL TABLE INDEX 0:=M/)
      expect(details).not.toMatch(/SCAN f VIRTUAL TABLE/)
      expect(fullScans(plan(built))).toEqual([])
    }
  })

  it('counts the transcripts’ matches within the dates, in key ranges', () => {
    const count = buildCountQuery(parseFilters({ text: 'refund', type: 'api' }), 10_000)
    const details = plan(count).join('\n')
    expect(details).toMatch(/SCAN f VIRTUAL TABLE INDEX 0:M\d+></)
    expect(details).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/)
    expect(fullScans(plan(count))).toEqual([])
  })
})

describe('transcript query plans', () => {
  /** Every statement a module prepares, recorded from its own connection. */
  function preparedBy(prepare: (db: Database.Database) => unknown): string[] {
    const prepared: string[] = []
    const recording = new Proxy(db, {
      get(target, property) {
        if (property === 'prepare')
          return (sql: string) => (prepared.push(sql), target.prepare(sql))
        const value: unknown = Reflect.get(target, property)
        return typeof value === 'function' ? value.bind(target) : value
      }
    })
    prepare(recording)
    return prepared
  }

  /** EXPLAIN QUERY PLAN with a value for every parameter (none of these texts quotes a ?). */
  function explain(sql: string): string {
    const params = Array.from(sql.matchAll(/\?/g), () => 1)
    return plan({ sql, params }).join('\n')
  }

  const BIG_TABLES = /^SCAN (c|t|conversations|transcripts|transcript_messages|transcript_words)$/m

  it('reads the backfill’s queue and tally from the index of due transcripts', () => {
    const targets = explain(TRANSCRIPT_TARGETS_SQL)
    expect(targets).toMatch(/SEARCH c USING INDEX conversations_transcript_due \(created_at>\?/)
    expect(targets).toMatch(/SEARCH t USING INTEGER PRIMARY KEY/)
    expect(targets).not.toMatch(/TEMP B-TREE/)
    expect(explain(TRANSCRIPT_COUNTS_SQL.due)).toMatch(/c USING INDEX conversations_transcript_due/)
    expect(explain(TRANSCRIPT_COUNTS_SQL.notFound)).toMatch(
      /SCAN t USING (COVERING )?INDEX transcripts_not_found/
    )
    const listed = explain(TRANSCRIPT_COUNTS_SQL.listed)
    expect(listed).toMatch(/COVERING INDEX conversations_created/)
    expect(listed).toMatch(/COVERING INDEX conversations_removed/)
    for (const sql of [TRANSCRIPT_TARGETS_SQL, ...Object.values(TRANSCRIPT_COUNTS_SQL)]) {
      expect(explain(sql)).not.toMatch(BIG_TABLES)
    }
  })

  it('reads a transcript as one range of messages, by its conversation’s key', () => {
    const statements = preparedBy(prepareTranscriptReader)
    for (const sql of statements) expect(explain(sql)).not.toMatch(BIG_TABLES)
    expect(statements.map(explain).join('\n')).toMatch(
      /SEARCH transcript_messages USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/
    )
  })

  it('writes a transcript through keys and indexes, never a scan', () => {
    const statements = preparedBy(prepareTranscriptWriter)
    for (const sql of statements) expect(explain(sql), sql).not.toMatch(BIG_TABLES)
    expect(statements.map(explain).join('\n')).toMatch(
      /transcripts USING COVERING INDEX transcripts_doc \(doc_key>\? AND doc_key<\?\)/
    )
  })

  it('finds a customer’s conversations through the phone index', () => {
    const statements = preparedBy(prepareCustomer).map(explain)
    for (const details of statements) expect(details).not.toMatch(BIG_TABLES)
    expect(statements.join('\n')).toMatch(
      /SEARCH c USING INDEX conversations_customer_phone \(customer_phone_id=\?\)/
    )
    expect(statements.join('\n')).toMatch(/SEARCH p USING INTEGER PRIMARY KEY/)
  })

  it('reads the words a prefix begins as one range of their index', () => {
    const [completions] = preparedBy(prepareCompletions)
    expect(explain(completions)).toMatch(
      /SEARCH transcript_words USING PRIMARY KEY \(word>\? AND word<\?\)/
    )
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
