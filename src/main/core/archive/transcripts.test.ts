import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CoreError, UsageError } from '../errors'
import type { Archive } from './archive'
import { openArchive } from './openArchive'
import { KEY_SLOTS } from './transcriptKey'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow } from './testRows'
import { checkTranscriptIndex, currentTranscript, makeTranscript } from './testTranscripts'

const { tempFile } = useTempDir()
const SEEN = '2025-02-01T00:00:00.000Z'
const NOT_FOUND_AT = '2025-02-04T00:00:00.000Z'

let file: string
let archive: Archive

/** Four conversations a day apart, newest first: a, b, c, d. */
beforeEach(() => {
  file = tempFile()
  archive = openArchive(file)
  archive.writePage(
    ['a', 'b', 'c', 'd'].map((id, i) =>
      makeRow({ id, created_at: new Date(Date.UTC(2025, 0, 25 - i)).toISOString() })
    ),
    SEEN,
    makeCheckpoint()
  )
})

afterEach(() => {
  archive.close()
})

/** The conversation as the list shows it after it changed (more messages, a later update). */
function listChanged(id: string, messageCount: number): void {
  const row = archive.get(id)!
  const changed = { ...row, message_count: messageCount, updated_at: '2025-02-05T10:00:00.000Z' }
  archive.writePage(
    [{ conversation: changed, rawJson: JSON.stringify({ ...(row.raw as object), messageCount }) }],
    '2025-02-05T11:00:00.000Z',
    makeCheckpoint()
  )
}

function matches(text: string): string[] {
  return archive.search({ text }).conversations.map((conversation) => conversation.id)
}

function targetIds(): string[] {
  return archive.transcriptTargets({ limit: 100 }).map((target) => target.id)
}

describe('transcript', () => {
  it('is null for a conversation the archive does not have', () => {
    expect(archive.transcript('nope')).toBeNull()
  })

  it('tells a transcript never fetched from one fetched and empty', () => {
    expect(archive.transcript('a')).toEqual({
      id: 'a',
      fetched_at: null,
      messages: null,
      fetched_message_count: null,
      fetched_updated_at: null,
      not_found_at: null,
      stale: false
    })
    archive.writeTranscript(makeTranscript('a', [], { messageCount: 0 }))
    expect(archive.transcript('a')).toMatchObject({
      fetched_at: '2025-02-03T00:00:00.000Z',
      messages: [],
      fetched_message_count: 0
    })
  })

  it('keeps the messages in order, and their function calls exactly as received', () => {
    const functionCalls = [
      { name: 'lookup_order', arguments: { id: 42, note: 'señor' }, result: { status: 'sent' } },
      { name: 'odd', arguments: [], result: null, extra: '1.50' }
    ]
    archive.writeTranscript(
      makeTranscript('a', [], {
        messages: [
          { role: 'user', content: 'Where is my order? 🙂' },
          { role: 'assistant', content: 'Let me check.', function_calls: functionCalls },
          { role: 'assistant', content: '', function_calls: [] },
          { role: 'system', content: 'Transferred to a person.\nLine two.' }
        ]
      })
    )
    expect(archive.transcript('a')?.messages).toEqual([
      { role: 'user', content: 'Where is my order? 🙂' },
      { role: 'assistant', content: 'Let me check.', function_calls: functionCalls },
      { role: 'assistant', content: '', function_calls: [] },
      { role: 'system', content: 'Transferred to a person.\nLine two.' }
    ])
  })

  it('is stale once the list shows the conversation changed, and current again when refetched', () => {
    archive.writeTranscript(currentTranscript(archive, 'a', ['Hello']))
    expect(archive.transcript('a')?.stale).toBe(false)
    listChanged('a', 5)
    expect(archive.transcript('a')).toMatchObject({ stale: true, messages: [{ content: 'Hello' }] })
    archive.writeTranscript(currentTranscript(archive, 'a', ['Hello', 'Again']))
    expect(archive.transcript('a')).toMatchObject({ stale: false, fetched_message_count: 5 })
  })
})

describe('writeTranscript', () => {
  it('replaces the previous transcript and what the search finds of it', () => {
    archive.writeTranscript(currentTranscript(archive, 'a', ['apple banana', 'cherry']))
    expect(matches('banana')).toEqual(['a'])
    archive.writeTranscript(currentTranscript(archive, 'a', ['durian']))
    expect(archive.transcript('a')?.messages).toEqual([{ role: 'user', content: 'durian' }])
    expect(matches('banana')).toEqual([])
    expect(matches('cherry')).toEqual([])
    expect(matches('durian')).toEqual(['a'])
    archive.writeTranscript(currentTranscript(archive, 'a', []))
    expect(matches('durian')).toEqual([])
    checkTranscriptIndex(file)
  })

  it('writes nothing of a batch with one bad transcript', () => {
    expect(() =>
      archive.writeTranscripts([
        currentTranscript(archive, 'a', ['first']),
        makeTranscript('b', ['second'], { fetchedAt: 'yesterday' })
      ])
    ).toThrow(/fetchedAt of b/)
    expect(archive.transcript('a')?.messages).toBeNull()
    expect(matches('first')).toEqual([])
    checkTranscriptIndex(file)
  })

  it('refuses a conversation the archive does not have', () => {
    expect(() => archive.writeTranscript(makeTranscript('zzz', ['x']))).toThrow(CoreError)
    expect(() =>
      archive.markTranscriptNotFound({ id: 'zzz', messageCount: 1, updatedAt: null }, NOT_FOUND_AT)
    ).toThrow(CoreError)
  })

  it('keeps the index right when a conversation’s created_at changes', () => {
    archive.writeTranscripts(
      ['a', 'b', 'c'].map((id) => currentTranscript(archive, id, [`shared ${id}`]))
    )
    expect(matches('shared')).toEqual(['a', 'b', 'c'])
    const c = archive.get('c')!
    const moved = { ...c, created_at: '2025-01-30T00:00:00.000Z' }
    archive.writePage(
      [{ conversation: moved, rawJson: JSON.stringify({ ...(c.raw as object), moved: 1 }) }],
      SEEN,
      makeCheckpoint()
    )
    expect(matches('shared')).toEqual(['c', 'a', 'b'])
    checkTranscriptIndex(file)
  })
})

describe('markTranscriptNotFound', () => {
  it('keeps what is archived, and asks again only once the list shows a change', () => {
    archive.writeTranscript(currentTranscript(archive, 'a', ['kept words']))
    listChanged('a', 9)
    expect(targetIds()).toContain('a')
    const row = archive.get('a')!
    archive.markTranscriptNotFound(
      { id: 'a', messageCount: row.message_count, updatedAt: row.updated_at },
      NOT_FOUND_AT
    )
    expect(archive.transcript('a')).toMatchObject({
      not_found_at: NOT_FOUND_AT,
      messages: [{ content: 'kept words' }],
      stale: true
    })
    expect(matches('kept')).toEqual(['a'])
    expect(targetIds()).not.toContain('a')
    listChanged('a', 10)
    expect(archive.transcriptTargets({ limit: 10 })).toContainEqual(
      expect.objectContaining({ id: 'a', reason: 'stale', messageCount: 10 })
    )
  })

  it('stays due when the list changed while the transcript was asked for', () => {
    archive.markTranscriptNotFound({ id: 'b', messageCount: 1, updatedAt: null }, NOT_FOUND_AT)
    expect(archive.transcriptTargets({ limit: 10 })).toContainEqual(
      expect.objectContaining({ id: 'b', reason: 'missing' })
    )
    expect(archive.transcript('b')).toMatchObject({ messages: null, not_found_at: NOT_FOUND_AT })
  })

  it('is cleared by a later fetch', () => {
    const row = archive.get('b')!
    archive.markTranscriptNotFound(
      { id: 'b', messageCount: row.message_count, updatedAt: row.updated_at },
      NOT_FOUND_AT
    )
    archive.writeTranscript(currentTranscript(archive, 'b', ['back']))
    expect(archive.transcript('b')?.not_found_at).toBeNull()
  })
})

describe('transcriptTargets', () => {
  it('lists the missing and the stale, newest first, without the removed or the refused', () => {
    archive.writeTranscript(currentTranscript(archive, 'a', ['x']))
    archive.writeTranscript(currentTranscript(archive, 'c', ['x']))
    listChanged('c', 7)
    const d = archive.get('d')!
    archive.markTranscriptNotFound(
      { id: 'd', messageCount: d.message_count, updatedAt: d.updated_at },
      NOT_FOUND_AT
    )
    expect(archive.transcriptTargets({ limit: 10 })).toEqual([
      {
        id: 'b',
        createdAt: '2025-01-24T00:00:00.000Z',
        messageCount: 3,
        updatedAt: '2025-01-25T14:45:22.000Z',
        reason: 'missing'
      },
      {
        id: 'c',
        createdAt: '2025-01-23T00:00:00.000Z',
        messageCount: 7,
        updatedAt: '2025-02-05T10:00:00.000Z',
        reason: 'stale'
      }
    ])
    // A complete crawl that no longer sees b marks it removed: it is no target then.
    const later = '2025-02-06T00:00:00.000Z'
    archive.writePage(
      ['a', 'c', 'd'].map((id) => {
        const row = archive.get(id)!
        return { conversation: row, rawJson: JSON.stringify(row.raw) }
      }),
      later,
      makeCheckpoint({ startedAt: later })
    )
    archive.completeCrawl({ mode: 'full', startedAt: later, finishedAt: later, complete: true })
    expect(targetIds()).toEqual(['c'])
  })

  it('pages by keyset from the last target of the previous batch, and from a date', () => {
    const first = archive.transcriptTargets({ limit: 2 })
    expect(first.map((target) => target.id)).toEqual(['a', 'b'])
    const next = archive.transcriptTargets({ limit: 2, before: first[1] })
    expect(next.map((target) => target.id)).toEqual(['c', 'd'])
    expect(archive.transcriptTargets({ limit: 2, before: next[1] })).toEqual([])
    const recent = archive.transcriptTargets({ limit: 10, createdFrom: '2025-01-24T00:00:00.000Z' })
    expect(recent.map((target) => target.id)).toEqual(['a', 'b'])
  })

  it('pages through conversations created in the same instant', () => {
    const same = openArchive(tempFile())
    same.writePage(
      Array.from({ length: 5 }, (_, i) => makeRow({ id: `s${i}` })),
      SEEN,
      makeCheckpoint()
    )
    const seen: string[] = []
    let before = null
    for (let batch = 0; batch < 5; batch++) {
      const targets = same.transcriptTargets({ limit: 2, before })
      seen.push(...targets.map((target) => target.id))
      before = targets.at(-1) ?? null
      if (!before) break
    }
    expect(seen).toEqual(['s4', 's3', 's2', 's1', 's0'])
    same.close()
  })

  it('refuses a batch size out of range', () => {
    expect(() => archive.transcriptTargets({ limit: 0 })).toThrow(UsageError)
    expect(() => archive.transcriptTargets({ limit: 1.5 })).toThrow(UsageError)
  })
})

describe('transcriptCounts', () => {
  it('counts the missing, the stale, the current and the refused', () => {
    expect(archive.transcriptCounts()).toEqual({ missing: 4, stale: 0, current: 0, notFound: 0 })
    archive.writeTranscript(currentTranscript(archive, 'a', ['x']))
    archive.writeTranscript(currentTranscript(archive, 'b', ['x']))
    listChanged('b', 8)
    const c = archive.get('c')!
    archive.markTranscriptNotFound(
      { id: 'c', messageCount: c.message_count, updatedAt: c.updated_at },
      NOT_FOUND_AT
    )
    expect(archive.transcriptCounts()).toEqual({ missing: 1, stale: 1, current: 1, notFound: 1 })
    expect(archive.transcriptCounts({ createdFrom: '2025-01-24T00:00:00.000Z' })).toEqual({
      missing: 0,
      stale: 1,
      current: 1,
      notFound: 0
    })
  })
})

describe('a second with more conversations than keys', () => {
  it('still finds every one, newest first, page after page', () => {
    const crowded = tempFile()
    const many = openArchive(crowded)
    const count = KEY_SLOTS + 40
    // All in one second; a few in the seconds around it.
    const rows = Array.from({ length: count }, (_, i) =>
      makeRow({ id: `m${String(i).padStart(3, '0')}`, created_at: '2025-01-25T14:30:00.000Z' })
    )
    rows.push(makeRow({ id: 'after', created_at: '2025-01-25T14:30:01.000Z' }))
    rows.push(makeRow({ id: 'before', created_at: '2025-01-25T14:29:59.000Z' }))
    many.writePage(rows, SEEN, makeCheckpoint())
    // Written oldest row first, so a second's keys run against its rows' order: a page that
    // stops inside the second must still come out in (created_at, rowid) order.
    many.writeTranscripts(
      rows.map((row) => makeTranscript(row.conversation.id, ['crowded room'])).reverse()
    )
    const all = many.search({ limit: 500 }).conversations.map((c) => c.id)
    const pages: string[] = []
    let cursor: string | null = null
    do {
      const page = many.search({ text: 'crowded', limit: 7, cursor })
      pages.push(...page.conversations.map((c) => c.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(pages).toEqual(all)
    expect(many.count({ text: 'room' })).toBe(count + 2)
    const db = new Database(crowded, { readonly: true })
    expect(db.prepare('SELECT count(*) FROM transcripts WHERE doc_key < 0').pluck().get()).toBe(40)
    db.close()
    many.close()
    checkTranscriptIndex(crowded)
  })
})
