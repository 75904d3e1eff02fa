import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { UsageError } from '../errors'
import type { SearchQuery } from '../types'
import type { Archive } from './archive'
import { openArchive } from './openArchive'
import { prepareSearch, type Searcher } from './searchConversations'
import { phonesForWalk, removedRowsForWalk, textMatchesForWalk } from './searchPlan'
import { encodeCursor } from './searchCursor'
import { prepareTranscriptReader } from './transcriptReader'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow, makeWhatsAppRow, type ConversationFields } from './testRows'

const { tempFile } = useTempDir()
const SEEN = '2025-02-01T00:00:00.000Z'
const REMOVED_AT = '2025-02-02T00:05:00.000Z'

let archive: Archive

/** Every page a query finds, cursor after cursor. */
function walk(target: Pick<Searcher, 'search'>, query: SearchQuery): string[][] {
  const pages: string[][] = []
  let cursor: string | null = null
  do {
    const page = target.search({ ...query, cursor })
    pages.push(page.conversations.map((conversation) => conversation.id))
    cursor = page.nextCursor
  } while (cursor !== null && pages.length < 100)
  return pages
}

/** A searcher over its own connection to the file, recording the SQL it prepares. */
function recordingSearcher(file: string): {
  searcher: Searcher
  prepared: string[]
  close(): void
} {
  const db = new Database(file)
  const prepared: string[] = []
  const recording = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => (prepared.push(sql), target.prepare(sql))
      }
      const value: unknown = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    }
  })
  const searcher = prepareSearch(recording, prepareTranscriptReader(db))
  return { searcher, prepared, close: () => db.close() }
}

/** `count` rows a minute apart, newest first, api and widget in turn, ids c-0, c-1, … */
function minuteRows(
  count: number,
  fields: (i: number) => Partial<ConversationFields> = () => ({})
) {
  const start = Date.parse('2025-01-01T00:00:00.000Z')
  return Array.from({ length: count }, (_, i) =>
    makeRow({
      id: `c-${i}`,
      type: i % 2 === 0 ? 'api' : 'widget',
      created_at: new Date(start - i * 60_000).toISOString(),
      ...fields(i)
    })
  )
}

/** The archive every test here searches: one row per thing a filter can tell apart. */
function fill(target: Archive): void {
  target.writePage(
    [
      makeRow({
        id: 'g1',
        type: 'widget',
        assistant_id: 'a-2',
        assistant_name: 'Sales Bot',
        variables: { user_name: 'Jane Smith', plan: 'premium' },
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
        variables: { lead_id: '12345', source: 'website' },
        created_at: '2025-01-25T09:00:00.000Z'
      }),
      makeWhatsAppRow('w2', '14155559876', {
        whatsapp_sender: { name: 'Acme France', phone: '+33698765432' },
        created_at: '2025-01-24T09:00:00.000Z'
      }),
      makeWhatsAppRow('w3', '+44 20 7946 0958', {
        customer: { name: 'Zoë Ångström', phone: '+44 20 7946 0958' },
        created_at: '2025-01-23T23:59:59.999Z'
      }),
      makeRow({ id: 'r1', created_at: '2025-01-22T12:00:00.000Z' }),
      makeRow({ id: 't1', type: 'test', created_at: '2025-01-20T00:00:00.000Z' })
    ],
    SEEN,
    makeCheckpoint({ startedAt: SEEN })
  )
  // Everything but r1 is seen by a later complete crawl, so r1 is removed.
  const later = '2025-02-02T00:00:00.000Z'
  const seenAgain = ['g1', 'w1', 'p1', 'w2', 'w3', 't1'].map((id) => target.get(id)!)
  target.writePage(
    seenAgain.map((row) => ({ conversation: row, rawJson: JSON.stringify(row.raw) })),
    later,
    makeCheckpoint({ startedAt: later })
  )
  target.completeCrawl({ mode: 'full', startedAt: later, finishedAt: REMOVED_AT, complete: true })
}

function ids(query: SearchQuery): string[] {
  return archive.search(query).conversations.map((conversation) => conversation.id)
}

beforeEach(() => {
  archive = openArchive(tempFile())
  fill(archive)
})

afterEach(() => {
  archive.close()
})

describe('search', () => {
  it('returns every row newest first without filters', () => {
    expect(ids({})).toEqual(['g1', 'w1', 'p1', 'w2', 'w3', 'r1', 't1'])
  })

  it('returns conversations in the API shape, normalised', () => {
    const [w1] = archive.search({ phone: '555-9876', createdFrom: '2025-01-25' }).conversations
    expect(w1).toEqual({
      id: 'w1',
      assistant_id: 'a-1',
      assistant_name: 'Support Assistant',
      type: 'whatsapp',
      variables: null,
      external_identifier: null,
      message_count: 3,
      total_cost: 0.001,
      ai_enabled: true,
      created_at: '2025-01-25T10:15:00.000Z',
      updated_at: '2025-01-25T14:45:22.000Z',
      whatsapp_sender: { name: 'Acme Corp Support', phone: '+14155551234' },
      customer: { name: 'John Doe', phone: '+14155559876' },
      removed_at: null
    })
  })

  describe('by customer phone, in any spelling', () => {
    it.each(['+1 (415) 555-9876', '4155559876', '555-9876', '14155559876', '0014155559876'])(
      '%s finds +14155559876 and 14155559876',
      (phone) => {
        expect(ids({ phone })).toEqual(['w1', 'w2'])
      }
    )

    it.each([
      '020 7946 0958',
      '7946',
      '+44 20 7946 0958',
      '0044 20 7946 0958',
      '+44 (0)20 7946 0958'
    ])('%s finds +44 20 7946 0958', (phone) => {
      expect(ids({ phone })).toEqual(['w3'])
    })

    it('does not match the sender, or another number', () => {
      expect(ids({ phone: '555-1234' })).toEqual([])
      expect(ids({ phone: '999' })).toEqual([])
    })
  })

  it('filters by sender phone fragment', () => {
    expect(ids({ senderPhone: '555-1234' })).toEqual(['w1', 'w3'])
    expect(ids({ senderPhone: '+33 6 98 76 54 32' })).toEqual(['w2'])
    expect(ids({ senderPhone: '9876' })).toEqual(['w2'])
  })

  it('filters by type, assistant and exact external identifier', () => {
    expect(ids({ type: 'whatsapp' })).toEqual(['w1', 'w2', 'w3'])
    expect(ids({ type: 'test' })).toEqual(['t1'])
    expect(ids({ assistantId: 'a-2' })).toEqual(['g1'])
    expect(ids({ externalId: 'crm-lead-12345' })).toEqual(['p1'])
    expect(ids({ externalId: 'crm-lead-1234' })).toEqual([])
  })

  it('treats blank fields as no filter', () => {
    expect(
      ids({ type: '', assistantId: ' ', phone: '', text: '  ', createdFrom: '' })
    ).toHaveLength(7)
  })

  describe('by text', () => {
    it.each([
      ['jane', ['g1']],
      ['premium', ['g1']],
      ['user_name', ['g1']],
      ['website', ['p1']],
      ['lead', ['p1']],
      ['crm-lead-12345', ['p1']],
      ['sales', ['g1']],
      ['support', ['w1', 'p1', 'w2', 'w3', 'r1', 't1']],
      ['acme', ['w1', 'w2', 'w3']],
      ['john doe', ['w1']],
      ['jo', ['w1']],
      ['zoe', ['w3']],
      ['ÅNGSTRÖM', ['w3']],
      ['john smith', []]
    ])('%s', (text, expected) => {
      expect(ids({ text })).toEqual(expected)
    })

    it('takes FTS syntax and stray quotes as plain words', () => {
      expect(ids({ text: '"jane' })).toEqual(['g1'])
      expect(ids({ text: 'jane OR john' })).toEqual([])
      expect(ids({ text: 'NEAR(jane' })).toEqual([])
      expect(ids({ text: 'customer_name:john' })).toEqual([])
      expect(ids({ text: '* - " ()' })).toHaveLength(7)
    })

    it('follows a changed name', () => {
      const w1 = archive.get('w1')!
      const renamed = { ...w1, customer: { name: 'Johnny Walker', phone: '+14155559876' } }
      archive.writePage(
        [{ conversation: renamed, rawJson: JSON.stringify({ ...(w1.raw as object), renamed: 1 }) }],
        '2025-02-03T00:00:00.000Z',
        makeCheckpoint()
      )
      expect(ids({ text: 'doe' })).toEqual([])
      expect(ids({ text: 'walker' })).toEqual(['w1'])
    })
  })

  describe('by date', () => {
    it('includes the whole day of a bare "to" date', () => {
      expect(ids({ createdTo: '2025-01-23' })).toEqual(['w3', 'r1', 't1'])
      expect(ids({ createdFrom: '2025-01-25' })).toEqual(['g1', 'w1', 'p1'])
      expect(ids({ createdFrom: '2025-01-24', createdTo: '2025-01-24' })).toEqual(['w2'])
    })

    it('takes full ISO times as inclusive bounds, in any zone', () => {
      expect(
        ids({ createdFrom: '2025-01-25T09:00:00Z', createdTo: '2025-01-25T14:30:00.000Z' })
      ).toEqual(['g1', 'w1', 'p1'])
      expect(ids({ createdTo: '2025-01-25T14:30:00+01:00' })[0]).toBe('w1')
      // Without a zone a time is UTC, like a bare date.
      expect(ids({ createdFrom: '2025-01-25T10:15' })).toEqual(['g1', 'w1'])
    })
  })

  it('includes, excludes or keeps only removed rows', () => {
    expect(ids({})).toContain('r1')
    expect(ids({ removed: 'include' })).toContain('r1')
    expect(ids({ removed: 'exclude' })).toEqual(['g1', 'w1', 'p1', 'w2', 'w3', 't1'])
    expect(archive.search({ removed: 'only' }).conversations).toEqual([
      expect.objectContaining({ id: 'r1', removed_at: REMOVED_AT })
    ])
  })

  it('combines filters', () => {
    expect(ids({ type: 'whatsapp', phone: '4155559876', createdFrom: '2025-01-25' })).toEqual([
      'w1'
    ])
    expect(ids({ text: 'support', type: 'widget', removed: 'exclude' })).toEqual([])
    expect(ids({ text: 'support', type: 'widget' })).toEqual(['r1'])
  })
})

describe('count', () => {
  it('counts matches up to the cap', () => {
    expect(archive.count({})).toBe(7)
    expect(archive.count({ type: 'whatsapp' })).toBe(3)
    expect(archive.count({ phone: '4155559876' })).toBe(2)
    expect(archive.count({}, 2)).toBe(2)
    expect(archive.count({ limit: 1, cursor: null })).toBe(7)
  })
})

describe('bad input', () => {
  it.each<[string, SearchQuery]>([
    ['limit 0', { limit: 0 }],
    ['limit 501', { limit: 501 }],
    ['fractional limit', { limit: 2.5 }],
    ['two digits', { phone: '41' }],
    ['no digits', { phone: 'john' }],
    ['two sender digits', { senderPhone: '+1' }],
    ['a cursor that is not base64url', { cursor: 'not a cursor!' }],
    ['a cursor of the wrong shape', { cursor: Buffer.from('{"a":1}').toString('base64url') }],
    ['a cursor with a bad time', { cursor: Buffer.from('["yesterday",3]').toString('base64url') }],
    [
      'a cursor with a bad rowid',
      { cursor: Buffer.from('[1737815400000,-1]').toString('base64url') }
    ],
    ['a month 13', { createdFrom: '2025-13-01' }],
    ['February 30', { createdTo: '2025-02-30' }],
    ['a word for a date', { createdFrom: 'yesterday' }],
    ['from after to', { createdFrom: '2025-01-26', createdTo: '2025-01-25' }],
    ['an unknown removed filter', { removed: 'sometimes' as never }]
  ])('%s is a UsageError', (_, query) => {
    expect(() => archive.search(query)).toThrow(UsageError)
  })

  it('asks for 3 digits', () => {
    expect(() => archive.search({ phone: '41' })).toThrow(/at least 3 digits/)
  })

  it('refuses a count cap below 1', () => {
    expect(() => archive.count({}, 0)).toThrow(UsageError)
  })
})

describe('keyset pages', () => {
  /** 23 rows, three to a created_at, inserted in crawl order (newest first). */
  function tiedArchive(): Archive {
    const tied = openArchive(tempFile())
    const rows = Array.from({ length: 23 }, (_, index) =>
      makeRow({
        id: `k${String(index).padStart(2, '0')}`,
        type: index % 2 === 0 ? 'widget' : 'api',
        created_at: new Date(Date.UTC(2025, 0, 31) - Math.floor(index / 3) * 60_000).toISOString()
      })
    )
    tied.writePage(rows.slice(0, 10), SEEN, makeCheckpoint())
    tied.writePage(rows.slice(10), SEEN, makeCheckpoint())
    return tied
  }

  it('covers every row exactly once, in order, across ties on created_at', () => {
    const tied = tiedArchive()
    const all = tied.search({ limit: 500 }).conversations
    // Newest first; within a created_at, the later written (higher rowid) first.
    const expected = [...all]
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
      .map((conversation) => conversation.id)
    expect(all.map((conversation) => conversation.id)).toEqual(expected)

    const pages = walk(tied, { limit: 5 })
    expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3])
    expect(pages.flat()).toEqual(expected)
    tied.close()
  })

  it('pages a filtered search the same way', () => {
    const tied = tiedArchive()
    const expected = tied.search({ type: 'widget', limit: 500 }).conversations.map((c) => c.id)
    expect(expected).toHaveLength(12)
    const pages = walk(tied, { type: 'widget', limit: 4 })
    expect(pages.map((page) => page.length)).toEqual([4, 4, 4])
    expect(pages.flat()).toEqual(expected)
    tied.close()
  })

  it('gives no cursor when the last page is exactly full', () => {
    const page = archive.search({ limit: 7 })
    expect(page.conversations).toHaveLength(7)
    expect(page.nextCursor).toBeNull()
  })

  it('continues after the cursor position, wherever it came from', () => {
    const cursor = encodeCursor({ createdAt: Date.parse('2025-01-25T00:00:00.000Z'), rowid: 1 })
    expect(ids({ cursor })).toEqual(['w2', 'w3', 'r1', 't1'])
  })

  it('uses 50 rows a page by default', () => {
    const many = openArchive(tempFile())
    many.writePage(
      Array.from({ length: 51 }, (_, index) => makeRow({ id: `m${index}` })),
      SEEN,
      makeCheckpoint()
    )
    const page = many.search({})
    expect(page.conversations).toHaveLength(50)
    expect(page.nextCursor).not.toBeNull()
    many.close()
  })
})

describe('a phone fragment thousands of numbers share', () => {
  it('walks the newest rows once it matches more numbers than sorting their rows would pay for', () => {
    // The archive the benchmark measured: a million rows, 200,000 numbers, pages of 50.
    expect(phonesForWalk({ rows: 1_000_000, phones: 200_000 }, 51)).toBe(2143)
    // Four times the rows: twice the crossover in rows, the same share of numbers per row.
    expect(phonesForWalk({ rows: 4_000_000, phones: 800_000 }, 51)).toBe(4285)
    expect(phonesForWalk({ rows: 0, phones: 0 }, 51)).toBe(Infinity)
  })

  it('still pages newest first through exactly the matching rows', () => {
    const archive = openArchive(tempFile())
    const start = Date.parse('2025-01-01T00:00:00.000Z')
    const rows = Array.from({ length: 3_000 }, (_, i) => {
      const created = new Date(start - i * 60_000).toISOString()
      // Every third row is someone else, whose number the fragment does not reach; the others
      // are 2,000 numbers, far more than the walk needs here (about 600).
      const phone =
        i % 3 === 0 ? `+4930${String(i).padStart(7, '0')}` : `+1415555${String(i).padStart(4, '0')}`
      return makeWhatsAppRow(`c-${i}`, phone, { created_at: created, updated_at: created })
    })
    archive.writePage(rows, SEEN, makeCheckpoint())
    const expected = rows.filter((_, i) => i % 3 !== 0).map((row) => row.conversation.id)

    const first = archive.search({ phone: '(415) 555', limit: 50 })
    expect(first.conversations.map((row) => row.id)).toEqual(expected.slice(0, 50))
    const second = archive.search({ phone: '(415) 555', limit: 50, cursor: first.nextCursor })
    expect(second.conversations.map((row) => row.id)).toEqual(expected.slice(50, 100))
    expect(archive.count({ phone: '415555' })).toBe(expected.length)
    archive.close()
  })
})

describe('removed conversations with another filter', () => {
  const ROWS = 130

  /** ROWS rows, `removed` of them, spread over the archive, marked removed. */
  function searcherWithRemoved(removed: number) {
    const file = tempFile()
    const archive = openArchive(file)
    archive.writePage(minuteRows(ROWS), SEEN, makeCheckpoint())
    archive.close()
    const isRemoved = (i: number): boolean => (i * 7) % ROWS < removed
    const db = new Database(file)
    const mark = db.prepare('UPDATE conversations SET removed_at = 1 WHERE id = ?')
    for (let i = 0; i < ROWS; i++) if (isRemoved(i)) mark.run(`c-${i}`)
    db.close()
    const expected = Array.from({ length: ROWS }, (_, i) => i)
      .filter((i) => isRemoved(i) && i % 2 === 0)
      .map((i) => `c-${i}`)
    return { ...recordingSearcher(file), expected }
  }

  it('walks the removed rows’ own index while they are few', () => {
    // Over a million rows, pages of 50: up to about 10,700 removed rows.
    expect(removedRowsForWalk(1_000_000, 51)).toBe(10_712)
    expect(removedRowsForWalk(ROWS, 6)).toBe(41)
    expect(removedRowsForWalk(0, 51)).toBe(0)
  })

  it.each([
    ['few removed: their own index', 20, true],
    ['most removed: the type’s index', 125, false]
  ])('%s', (_, removed, ownIndex) => {
    const { searcher, prepared, expected, close } = searcherWithRemoved(removed)
    const query: SearchQuery = { type: 'api', removed: 'only', limit: 5 }
    expect(walk(searcher, query).flat()).toEqual(expected)
    expect(searcher.count(query)).toBe(expected.length)

    const queries = prepared.filter((sql) => sql.includes('c.type = ?'))
    // The first page, the pages after a cursor, and the count.
    expect(queries).toHaveLength(3)
    for (const sql of queries)
      expect(sql.includes('INDEXED BY conversations_removed')).toBe(ownIndex)
    close()
  })
})

describe('words many conversations share', () => {
  it('walks the newest rows once the words match more rows than sorting them would pay for', () => {
    // A million rows: pages of 50, and the window's pages of 150.
    expect(textMatchesForWalk(1_000_000, 51)).toBe(822)
    expect(textMatchesForWalk(1_000_000, 151)).toBe(1414)
    expect(textMatchesForWalk(130, 6)).toBe(4)
    expect(textMatchesForWalk(0, 51)).toBe(0)
  })

  it.each([
    ['a common word: walks the newest rows', 'anna', true],
    ['a rare word: sorts its few rows', 'zofia', false]
  ])('%s', (_, word, walks) => {
    const file = tempFile()
    const archive = openArchive(file)
    // Anna is every third customer, Zofia three of them.
    const name = (i: number): string =>
      i % 3 === 0 ? 'Anna Nowak' : i === 10 || i === 50 || i === 100 ? 'Zofia Lis' : 'Jan Kos'
    const rows = minuteRows(130, (i) => ({ customer: { name: name(i), phone: null } }))
    archive.writePage(rows, SEEN, makeCheckpoint())
    archive.close()
    const expected = rows
      .filter((row) => row.conversation.customer?.name?.toLowerCase().includes(word))
      .map((row) => row.conversation.id)
    const { searcher, prepared, close } = recordingSearcher(file)

    expect(walk(searcher, { text: word, limit: 5 }).flat()).toEqual(expected)
    const pages = prepared.filter((sql) => sql.includes('ORDER BY c.created_at DESC'))
    expect(pages.length).toBeGreaterThan(0)
    for (const sql of pages) {
      expect(sql.includes('+c.rowid IN')).toBe(walks)
      // A rare word's matches, read once to choose the plan, are the page's: not searched twice.
      expect(sql.includes('conversations_fts')).toBe(walks)
    }

    // Words alone are counted from the full-text index, without reading a row.
    expect(searcher.count({ text: word })).toBe(expected.length)
    expect(searcher.count({ text: word }, 2)).toBe(2)
    expect(prepared.filter((sql) => sql.includes('FROM conversations AS c'))).toEqual(pages)
    expect(searcher.count({ text: word, type: 'api' })).toBe(
      expected.filter((id) => Number(id.slice(2)) % 2 === 0).length
    )
    close()
  })
})

describe('a few numbers with another filter', () => {
  it('reads those numbers’ rows, not every row the other filter matches', () => {
    const file = tempFile()
    const archive = openArchive(file)
    // Two customers among many rows of the same type: the type alone matches them all.
    const rows = minuteRows(120, (i) => ({
      type: 'whatsapp',
      customer: { name: null, phone: i % 40 === 0 ? '+14155550100' : `+4930${1000 + i}` }
    }))
    archive.writePage(rows, SEEN, makeCheckpoint())
    archive.close()
    const { searcher, prepared, close } = recordingSearcher(file)

    const query: SearchQuery = { phone: '(415) 555-0100', type: 'whatsapp', limit: 2 }
    expect(walk(searcher, query).flat()).toEqual(['c-0', 'c-40', 'c-80'])
    expect(searcher.count(query)).toBe(3)
    const reads = prepared.filter((sql) => sql.includes('c.type = ?'))
    expect(reads).toHaveLength(3)
    for (const sql of reads) expect(sql).toContain('INDEXED BY conversations_customer_phone')
    close()
  })
})
