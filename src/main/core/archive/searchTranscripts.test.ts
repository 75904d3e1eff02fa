import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SearchQuery } from '../types'
import type { Archive } from './archive'
import { openArchive } from './openArchive'
import { buildCountQuery, buildPageQuery, prepareSearch } from './searchConversations'
import type { CursorPosition } from './searchCursor'
import { parseFilters } from './searchFilters'
import { matchesForPerRow, type SearchPlan } from './searchPlan'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow, makeWhatsAppRow } from './testRows'
import { checkTranscriptIndex, currentTranscript } from './testTranscripts'
import { prepareTranscriptReader } from './transcriptReader'
import { prepareCompletions } from './wordCompletions'

const { tempFile } = useTempDir()
const SEEN = '2025-02-01T00:00:00.000Z'

let file: string
let archive: Archive

function ids(query: SearchQuery): string[] {
  return archive.search(query).conversations.map((conversation) => conversation.id)
}

/** The archive of searchConversations.test.ts, with transcripts for some of its rows. */
beforeEach(() => {
  file = tempFile()
  archive = openArchive(file)
  archive.writePage(
    [
      makeRow({
        id: 'g1',
        type: 'widget',
        assistant_id: 'a-2',
        created_at: '2025-01-25T14:30:00.000Z'
      }),
      makeWhatsAppRow('w1', '+14155559876', {
        customer: { name: 'John Doe', phone: '+14155559876' },
        created_at: '2025-01-25T10:15:00.000Z'
      }),
      makeRow({
        id: 'p1',
        type: 'api',
        external_identifier: 'crm-lead-12345',
        created_at: '2025-01-25T09:00:00.000Z'
      }),
      makeWhatsAppRow('w2', '14155559876', {
        whatsapp_sender: { name: 'Acme France', phone: '+33698765432' },
        created_at: '2025-01-24T09:00:00.000Z'
      }),
      makeWhatsAppRow('w3', '+44 20 7946 0958', { created_at: '2025-01-23T23:59:59.999Z' }),
      makeRow({ id: 't1', type: 'test', created_at: '2025-01-20T00:00:00.000Z' })
    ],
    SEEN,
    makeCheckpoint()
  )
  const transcripts: Record<string, string[]> = {
    g1: ['Hello, I would like a refund for my order.', 'Of course, the refund is on its way.'],
    w1: ['Buenos días, SEÑOR Pérez.', 'Where is the delivery?'],
    p1: ['Rendez-vous à l’Église à midi.', 'Thank you for waiting.'],
    w2: ['明日東京タワーに行きます', '서울에서 만나요', 'refunded yesterday'],
    w3: ['thank', 'you for the order'],
    t1: ['John asked about the invoice.']
  }
  archive.writeTranscripts(
    Object.entries(transcripts).map(([id, contents]) => currentTranscript(archive, id, contents))
  )
})

afterEach(() => {
  archive.close()
})

describe('search by text in transcripts', () => {
  it.each([
    ['refund', ['g1', 'w2']],
    ['refunded', ['w2']],
    ['senor', ['w1']],
    ['SEÑOR', ['w1']],
    ['EGLISE', ['p1']],
    ['eglise midi', ['p1']],
    ['東京', ['w2']],
    ['タワー', ['w2']],
    ['京タ', ['w2']],
    ['서울', ['w2']],
    ['delivery where', ['w1']],
    ['"thank you"', ['p1']],
    ['thank you', ['p1', 'w3']],
    ['"the order"', ['w3']],
    ['"buenos dias senor"', ['w1']],
    ['"would like a refund for my order"', ['g1']],
    ['"the refund is"', ['g1']],
    ['"refund the"', []],
    ['"order of"', []],
    ['invoice', ['t1']],
    ['nothing-like-this', []]
  ])('%s', (text, expected) => {
    expect(ids({ text })).toEqual(expected)
  })

  it('matches a conversation through its own fields or its transcript', () => {
    // John is w1's customer name, and a word of t1's transcript.
    expect(ids({ text: 'john' })).toEqual(['w1', 't1'])
    expect(archive.count({ text: 'john' })).toBe(2)
  })

  it('does not match a phrase across two messages', () => {
    // w3's messages are "thank" and "you for the order".
    expect(ids({ text: '"thank you for"' })).toEqual(['p1'])
  })

  it('combines with every other filter', () => {
    expect(ids({ text: 'refund', type: 'widget' })).toEqual(['g1'])
    expect(ids({ text: 'refund', assistantId: 'a-2' })).toEqual(['g1'])
    expect(ids({ text: 'refund', phone: '4155559876' })).toEqual(['w2'])
    expect(ids({ text: 'refund', senderPhone: '+33 6 98 76 54 32' })).toEqual(['w2'])
    expect(ids({ text: 'thank', externalId: 'crm-lead-12345' })).toEqual(['p1'])
    expect(ids({ text: 'refund', createdTo: '2025-01-24' })).toEqual(['w2'])
    expect(ids({ text: 'refund', createdFrom: '2025-01-25' })).toEqual(['g1'])
    expect(ids({ text: 'the', createdFrom: '2025-01-23', createdTo: '2025-01-24' })).toEqual(['w3'])
    expect(ids({ text: 'refund', removed: 'only' })).toEqual([])
    expect(archive.count({ text: 'refund', type: 'whatsapp' })).toBe(1)
  })

  it('gives a snippet for each row found through its messages, none for the others', () => {
    const page = archive.search({ text: 'john' })
    expect(page.snippets).toEqual({
      t1: {
        role: 'user',
        position: 0,
        parts: [
          { text: 'John', match: true },
          { text: ' asked about the invoice.', match: false }
        ]
      }
    })
    expect(archive.search({ text: 'refund' }).snippets?.w2).toEqual({
      role: 'user',
      position: 2,
      parts: [
        { text: 'refunded', match: true },
        { text: ' yesterday', match: false }
      ]
    })
    expect(archive.search({ type: 'api' }).snippets).toBeUndefined()
  })

  it('takes FTS syntax, SQL and stray characters as plain words', () => {
    const hostile = [
      '"',
      '""',
      '"refund',
      'refund"',
      "'",
      "don't",
      'refund OR thank',
      'refund AND',
      'NOT refund',
      'NEAR(refund thank)',
      'refund*',
      '*',
      '^refund',
      'messages:refund',
      'type:whatsapp',
      '-refund',
      '+refund',
      '(refund',
      'refund)',
      '{messages}: refund',
      "'; DROP TABLE conversations; --",
      'refund\u0000',
      '\u0000',
      'a\uE000b',
      '\uD800',
      'e-mail',
      '🙂',
      'x'.repeat(5000),
      Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '),
      '"' + 'long phrase '.repeat(100) + '"'
    ]
    for (const text of hostile) {
      expect(() => archive.search({ text }), text).not.toThrow()
      expect(() => archive.count({ text }), text).not.toThrow()
    }
    expect(ids({ text: 'refund OR thank' })).toEqual([])
    expect(ids({ text: '"refund' })).toEqual(['g1', 'w2'])
    expect(ids({ text: 'refund*' })).toEqual(['g1', 'w2'])
    expect(ids({ text: '^refund' })).toEqual(['g1', 'w2'])
    expect(ids({ text: 'refund\u0000' })).toEqual(['g1', 'w2'])
    expect(ids({ text: "'; DROP TABLE conversations; --" })).toEqual([])
    expect(ids({ text: '*' })).toHaveLength(6)
    expect(archive.count({})).toBe(6)
    checkTranscriptIndex(file)
  })
})

describe('a page of transcript matches', () => {
  /**
   * 240 conversations, several to a second and many in the same second, in rows written in
   * no time order; transcripts of words from a small vocabulary, written in another order.
   */
  function fill(target: Archive): Map<string, string[]> {
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo']
    const base = Date.parse('2025-01-20T00:00:00.000Z')
    const rows = Array.from({ length: 240 }, (_, i) => {
      const second = i < 40 ? 0 : Math.floor((i * 7919) % 200)
      return makeWhatsAppRow(`c${i}`, `+1415555${String(i % 30).padStart(4, '0')}`, {
        type: i % 3 === 0 ? 'api' : 'whatsapp',
        customer: { name: `Customer ${i}`, phone: `+1415555${String(i % 30).padStart(4, '0')}` },
        created_at: new Date(base + second * 1000 + (i % 2) * 500).toISOString()
      })
    })
    target.writePage(rows, SEEN, makeCheckpoint())
    const contents = new Map<string, string[]>()
    for (let i = 239; i >= 0; i--) {
      const text = words.filter((_, w) => (i * (w + 3)) % (w + 2) === 0)
      contents.set(`c${i}`, [text.join(' ')])
    }
    target.writeTranscripts(
      [...contents].map(([id, messages]) => currentTranscript(target, id, messages))
    )
    return contents
  }

  /** Every page of a query through the SQL of one plan, as ids. */
  function walkPages(db: Database.Database, query: SearchQuery, plan: SearchPlan): string[] {
    const complete = prepareCompletions(db)
    const filters = parseFilters(query, complete)
    const found: string[] = []
    let after: CursorPosition | null = null
    for (let pages = 0; pages < 100; pages++) {
      const built = buildPageQuery(filters, after, 7, plan)
      const rows = db.prepare(built.sql).all(...built.params) as {
        id: string
        created_at: number
        rowid: number
      }[]
      found.push(...rows.slice(0, 7).map((row) => row.id))
      if (rows.length <= 7) break
      after = { createdAt: rows[6].created_at, rowid: rows[6].rowid }
    }
    return found
  }

  it.each<[string, SearchQuery]>([
    ['a word', { text: 'alpha' }],
    ['two words', { text: 'bravo charlie' }],
    ['a prefix', { text: 'del' }],
    ['with a type', { text: 'echo', type: 'api' }],
    ['with dates', { text: 'alpha', createdFrom: '2025-01-20T00:01:00Z' }],
    ['with a few numbers', { text: 'bravo', phone: '(415) 555-000' }]
  ])('%s: the same rows in the same order under every plan', (_, query) => {
    archive.close()
    file = tempFile()
    archive = openArchive(file)
    const contents = fill(archive)
    const all = archive.search({ ...query, text: undefined, limit: 500 })
    const words = query.text!.split(' ')
    const expected = all.conversations
      .map((conversation) => conversation.id)
      .filter((id) =>
        words.every((word) =>
          contents
            .get(id)!
            .join(' ')
            .split(' ')
            .some((indexed) => indexed.startsWith(word))
        )
      )
    expect(expected.length).toBeGreaterThan(7)

    const db = new Database(file, { readonly: true })
    const phoneIds = query.phone
      ? db
          .prepare<[], number>("SELECT id FROM phones WHERE phone LIKE '+1415555000_'")
          .pluck()
          .all()
      : undefined
    const plans: SearchPlan[] = [
      { phone: 'by-phone', transcript: 'walk', phoneIds },
      { phone: 'by-phone', transcript: 'walk', text: 'newest-first', phoneIds },
      {
        phone: 'by-phone',
        transcript: 'per-row',
        anchor: phoneIds ? 'conversations_customer_phone' : undefined,
        phoneIds
      }
    ]
    for (const plan of plans)
      expect(walkPages(db, query, plan), JSON.stringify(plan)).toEqual(expected)
    for (const plan of plans) {
      const count = buildCountQuery(parseFilters(query, prepareCompletions(db)), 10_000, plan)
      expect(
        db
          .prepare(count.sql)
          .pluck()
          .get(...count.params)
      ).toBe(expected.length)
    }
    db.close()

    const pages: string[] = []
    let cursor: string | null = null
    do {
      const page = archive.search({ ...query, limit: 7, cursor })
      pages.push(...page.conversations.map((conversation) => conversation.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(pages).toEqual(expected)
    expect(archive.count(query)).toBe(expected.length)
  })
})

describe('the plan for words under a selective filter', () => {
  it('reads the rows while walking the matches would cost more', () => {
    // At 100,000 rows: testing 40 rows against one word costs as much as walking 300 matches.
    expect(matchesForPerRow(40, 1)).toBe(300)
    expect(matchesForPerRow(40, 32)).toBe(6_500)
  })

  it.each([
    ['a word in every transcript: read the number’s rows', 'common', true],
    ['a word in one transcript: walk its matches', 'rare', false]
  ])('%s', (_, word, perRow) => {
    archive.close()
    file = tempFile()
    archive = openArchive(file)
    const rows = Array.from({ length: 400 }, (_, i) =>
      makeWhatsAppRow(`c${i}`, i % 100 === 0 ? '+14155550100' : `+4930${1000 + i}`, {
        created_at: new Date(Date.UTC(2025, 0, 1) - i * 60_000).toISOString()
      })
    )
    archive.writePage(rows, SEEN, makeCheckpoint())
    archive.writeTranscripts(
      rows.map((row, i) =>
        currentTranscript(archive, row.conversation.id, [i === 200 ? 'common rare' : 'common'])
      )
    )
    archive.close()
    const db = new Database(file)
    const prepared: string[] = []
    const recording = new Proxy(db, {
      get(target, property) {
        if (property === 'prepare')
          return (sql: string) => (prepared.push(sql), target.prepare(sql))
        const value: unknown = Reflect.get(target, property)
        return typeof value === 'function' ? value.bind(target) : value
      }
    })
    const searcher = prepareSearch(recording, prepareTranscriptReader(db))
    const query: SearchQuery = { text: word, phone: '+1 415 555 0100' }
    const found = searcher.search(query).conversations.map((c) => c.id)
    expect(found).toEqual(word === 'rare' ? ['c200'] : ['c0', 'c100', 'c200', 'c300'])
    expect(searcher.count(query)).toBe(found.length)
    const searches = prepared.filter((sql) => sql.includes('customer_phone_id IN'))
    expect(searches.filter((sql) => sql.includes('AS anchor')).length > 0).toBe(perRow)
    expect(searches.some((sql) => sql.includes('MATERIALIZE') || sql.includes('walk AS'))).toBe(
      !perRow
    )
    db.close()
    archive = openArchive(file)
  })
})
