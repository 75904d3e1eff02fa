import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApiClient, type ApiClient } from '../api/client'
import type { Archive, PageWriteResult } from '../archive/archive'
import { openArchive } from '../archive/openArchive'
import { currentTranscript } from '../archive/testTranscripts'
import { AuthError, CrawlLoopError, SyncCancelledError } from '../errors'
import { generateConversation } from '../mockApi/generateConversations'
import { startMockApi, type MockApi } from '../mockApi/mockApiServer'
import { createInlineWriter, type ArchiveWriter } from './archiveWriter'
import { syncArchive, type SyncOptions } from './syncArchive'
import type { SyncProgress, SyncSummary } from '../../../shared/model/sync'
import { SOURCE_WRITER_ENTRY } from './writerEntry'
import * as writerThread from './writerThread'

const KEY = 'sync-test-key'
let dir: string
let mock: MockApi
let archive: Archive
let client: ApiClient

function newClient(overrides: Partial<Parameters<typeof createApiClient>[0]> = {}): ApiClient {
  return createApiClient({
    apiKey: KEY,
    baseUrl: mock.url,
    baseDelayMs: 1,
    maxDelayMs: 5,
    maxAttempts: 3,
    timeoutMs: 2000,
    ...overrides
  })
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cb-sync-'))
  mock = await startMockApi({ apiKey: KEY, rows: 250, seed: 7 })
  archive = openArchive(join(dir, 'archive.sqlite3'))
  client = newClient()
})

afterEach(async () => {
  archive.close()
  await mock.close()
  rmSync(dir, { recursive: true, force: true })
})

const listRequests = (): MockApi['requests'] =>
  mock.requests.filter((r) => r.path === '/api/user/conversations')

const WRITERS = [
  { name: 'on this thread', writerEntry: undefined },
  { name: 'on a writer thread', writerEntry: SOURCE_WRITER_ENTRY }
]

describe.each(WRITERS)('syncArchive writing $name', ({ writerEntry }) => {
  const sync = (options: SyncOptions): Promise<SyncSummary> =>
    syncArchive({ ...options, writerEntry })

  describe('full sync', () => {
    it('mirrors every page, 100 rows a request, and reports progress per page', async () => {
      const progress: SyncProgress[] = []
      const summary = await sync({ archive, client, onProgress: (p) => progress.push(p) })

      expect(summary).toMatchObject({
        complete: true,
        pages: 3,
        rows: 250,
        inserted: 250,
        removed: 0
      })
      expect(listRequests().map((r) => r.query['per_page'])).toEqual(['100', '100', '100'])
      expect(progress.map((p) => p.rows)).toEqual([100, 200, 250])
      expect(archive.stats().total).toBe(250)
      const newest = archive.search({ limit: 1 }).conversations[0]
      expect(newest?.id).toBe(mock.list()[0]?.id)
    })

    it('asks for each next page while the page before it is still being checked', async () => {
      const events: string[] = []
      const watching: ApiClient = {
        ...client,
        listConversations: async (params, options) => {
          const name = params.cursor ?? 'first'
          events.push(`ask ${name}`)
          const page = await client.listConversations(params, options)
          events.push(`got ${name}`)
          return page
        }
      }
      const summary = await sync({ archive, client: watching })
      expect(summary.requests).toBe(3)
      expect(events.slice(0, 3)).toEqual(['ask first', expect.stringMatching(/^ask /), 'got first'])
      expect(archive.stats().total).toBe(250)
    })

    it('updates old conversations deep in the list and marks vanished ones removed, keeping them', async () => {
      await sync({ archive, client })
      const deep = mock.list()[230]!
      const gone = mock.list()[120]!
      mock.update(deep.id, { message_count: 99, updated_at: '2031-01-01 00:00:00' })
      mock.remove(gone.id)
      mock.add({ ...generateConversation(5000, { seed: 7 }), id: 'brand-new-conversation' })

      const summary = await sync({ archive, client })

      expect(summary).toMatchObject({ inserted: 1, updated: 1, removed: 1, unchanged: 248 })
      expect(archive.get(deep.id)).toMatchObject({
        message_count: 99,
        updated_at: '2031-01-01T00:00:00.000Z'
      })
      const removed = archive.get(gone.id)
      expect(removed?.removed_at).toBe(summary.finishedAt)
      expect(archive.search({ removed: 'only' }).conversations.map((c) => c.id)).toEqual([gone.id])
      expect(archive.stats().total).toBe(251)
    })

    it('restores a conversation that comes back after being marked removed', async () => {
      await sync({ archive, client })
      const row = mock.list()[10]!
      mock.remove(row.id)
      await sync({ archive, client })
      expect(archive.get(row.id)?.removed_at).not.toBeNull()

      mock.add(row)
      await sync({ archive, client })
      expect(archive.get(row.id)?.removed_at).toBeNull()
    })
  })

  describe('interrupted sync', () => {
    it('keeps every finished page and resumes from the checkpoint', async () => {
      let calls = 0
      const flakyClient: ApiClient = {
        ...client,
        listConversations: async (params, options) => {
          calls += 1
          if (calls === 3) throw new AuthError(401)
          return client.listConversations(params, options)
        }
      }
      await expect(sync({ archive, client: flakyClient })).rejects.toBeInstanceOf(AuthError)
      expect(archive.stats().total).toBe(200)
      expect(archive.readCheckpoint()).toMatchObject({ mode: 'full', pages: 2, rows: 200 })

      mock.requests.length = 0
      const resumed = await sync({ archive, client })
      expect(resumed).toMatchObject({
        resumed: true,
        complete: true,
        pages: 3,
        rows: 250,
        removed: 0
      })
      expect(listRequests()).toHaveLength(1)
      expect(archive.stats().total).toBe(250)
      expect(archive.readCheckpoint()).toBeNull()
    })

    it('stops with a clear error when the server repeats a cursor', async () => {
      await sync({ archive, client })
      mock.requests.length = 0
      const looping: ApiClient = {
        ...client,
        listConversations: async (params, options) => {
          const page = await client.listConversations(params, options)
          return { ...page, nextCursor: params.cursor ?? 'first-cursor' }
        }
      }
      await expect(sync({ archive, client: looping })).rejects.toThrow(CrawlLoopError)
      expect(listRequests().length).toBeLessThanOrEqual(3)
    })

    it('stops when a page does not move past the previous one', async () => {
      const stuck: ApiClient = {
        ...client,
        listConversations: async (params, options) => {
          const page = await client.listConversations({ ...params, cursor: null }, options)
          return { ...page, nextCursor: `cursor-${Math.random()}` }
        }
      }
      await expect(sync({ archive, client: stuck })).rejects.toThrow(/same conversations twice/)
      expect(archive.stats().total).toBe(100)
    })

    it('can be cancelled, keeping what was fetched before', async () => {
      const controller = new AbortController()
      let calls = 0
      const cancelling: ApiClient = {
        ...client,
        listConversations: (params, options) => {
          // The person cancels while the second page is on its way.
          if (++calls === 2) controller.abort()
          return client.listConversations(params, options)
        }
      }
      const cancelled = sync({ archive, client: cancelling, signal: controller.signal })
      await expect(cancelled).rejects.toBeInstanceOf(SyncCancelledError)
      expect(archive.stats().total).toBe(100)
      expect(archive.readCheckpoint()).toMatchObject({ pages: 1 })
    })

    it('does not end the crawl when cancelled after its last page arrived', async () => {
      const controller = new AbortController()
      const cancelled = sync({
        archive,
        client,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.pages === 3) controller.abort()
        }
      })
      await expect(cancelled).rejects.toBeInstanceOf(SyncCancelledError)
      expect(archive.stats().total).toBe(250)
      expect(archive.syncHistory().lastSyncAt).toBeNull()
    })
  })

  describe('quick sync', () => {
    it('costs one request when nothing changed, and picks up new conversations', async () => {
      await sync({ archive, client })
      mock.requests.length = 0
      const quiet = await sync({ archive, client, mode: 'quick', recentWindowMs: 0 })
      expect(quiet).toMatchObject({ complete: false, inserted: 0, updated: 0, removed: 0 })
      expect(listRequests()).toHaveLength(1)

      for (const i of [1, 2, 3])
        mock.add({ ...generateConversation(9000 + i, { seed: 7 }), id: `new-${i}` })
      mock.requests.length = 0
      const fresh = await sync({ archive, client, mode: 'quick', recentWindowMs: 0 })
      expect(fresh.inserted).toBe(3)
      expect(listRequests().length).toBeLessThanOrEqual(2)
      expect(archive.get('new-3')).not.toBeNull()
    })

    it('keeps walking while pages are inside the recent-activity window', async () => {
      await sync({ archive, client })
      mock.requests.length = 0
      await sync({
        archive,
        client,
        mode: 'quick',
        recentWindowMs: 1000 * 365 * 24 * 3600 * 1000
      })
      expect(listRequests()).toHaveLength(3)
    })

    it('leaves an unfinished full crawl resumable', async () => {
      let calls = 0
      const failing: ApiClient = {
        ...client,
        listConversations: async (params, options) => {
          calls += 1
          if (calls === 3) throw new AuthError(401)
          return client.listConversations(params, options)
        }
      }
      await expect(sync({ archive, client: failing })).rejects.toThrow(AuthError)
      await sync({ archive, client, mode: 'quick', recentWindowMs: 0 })
      expect(archive.readCheckpoint()).toMatchObject({ mode: 'full', pages: 2 })

      const resumed = await sync({ archive, client })
      expect(resumed).toMatchObject({ resumed: true, complete: true, rows: 250 })
    })
  })
})

describe('syncArchive writing on this thread', () => {
  it('requests the next page before writing the current one', async () => {
    const events: string[] = []
    const recordingClient = newClient({
      fetch: (input, init) => {
        events.push(`fetch ${new URL(String(input)).searchParams.get('cursor') ?? 'first'}`)
        return fetch(input, init)
      }
    })
    const recordingArchive: Archive = {
      ...archive,
      writePages: (pages) => {
        events.push(`write ${pages.length}`)
        return archive.writePages(pages)
      }
    }
    await syncArchive({ archive: recordingArchive, client: recordingClient })
    expect(events.map((e) => e.split(' ')[0])).toEqual([
      'fetch',
      'fetch',
      'write',
      'fetch',
      'write',
      'write'
    ])
  })

  it('stops at a failed write with its error, keeping the pages committed before it', async () => {
    let writes = 0
    const failingArchive: Archive = {
      ...archive,
      writePages: (pages) => {
        writes++
        if (writes === 2) throw new Error('database or disk is full')
        return archive.writePages(pages)
      }
    }
    await expect(syncArchive({ archive: failingArchive, client })).rejects.toThrow(
      'database or disk is full'
    )
    expect(archive.stats().total).toBe(100)
    expect(archive.readCheckpoint()).toMatchObject({ pages: 1, rows: 100 })

    const resumed = await syncArchive({ archive, client })
    expect(resumed).toMatchObject({ resumed: true, complete: true, rows: 250 })
  })

  it('writes here when the writer thread cannot start, saying why', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      const summary = await syncArchive({
        archive,
        client,
        writerEntry: join(dir, 'no-such-writer.js')
      })
      expect(summary).toMatchObject({ complete: true, inserted: 250 })
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/main thread: .*no-such-writer/))
    } finally {
      warn.mockRestore()
    }
  })
})

describe('syncArchive writing on a writer thread', () => {
  it('never writes through the connection it searches with', async () => {
    const readOnlyHere: Archive = {
      ...archive,
      writePages: () => {
        throw new Error('written on the calling thread')
      },
      completeCrawl: () => {
        throw new Error('crawl ended on the calling thread')
      },
      markRemovedBatch: () => {
        throw new Error('removals marked on the calling thread')
      }
    }
    const summary = await syncArchive({
      archive: readOnlyHere,
      client,
      writerEntry: SOURCE_WRITER_ENTRY
    })
    expect(summary).toMatchObject({ complete: true, inserted: 250 })
    expect(summary.writeMs).toBeGreaterThan(0)
    expect(archive.stats().total).toBe(250)
    expect(archive.syncHistory().lastCompleteCrawlAt).toBe(summary.finishedAt)
  })
})

describe.each(WRITERS)('syncArchive through a shared writer $name', ({ writerEntry }) => {
  let shared: ArchiveWriter
  beforeEach(async () => {
    shared = writerEntry
      ? await writerThread.startWriterThread(archive.file, writerEntry)
      : createInlineWriter(archive)
  })
  afterEach(async () => {
    await shared.close()
    vi.restoreAllMocks()
  })

  /** A client whose `nth` answer (1-based) carries a row the archive cannot take. */
  function corruptingAnswer(nth: number): ApiClient {
    let answers = 0
    return {
      ...client,
      async listConversations(params, options) {
        const page = await client.listConversations(params, options)
        if (++answers !== nth) return page
        const [first, ...rest] = page.conversations
        const bad = {
          ...first!,
          conversation: { ...first!.conversation, created_at: 'not a time' }
        }
        return { ...page, conversations: [bad, ...rest] }
      }
    }
  }

  it('writes through it, leaves it open for its owner, and opens no writer of its own', async () => {
    const started = vi.spyOn(writerThread, 'startWriterThread')
    const close = vi.fn(async () => undefined)
    // Earlier syncs' time: this sync's summary counts only its own.
    const writer: ArchiveWriter = { ...shared, close, writeMs: () => shared.writeMs() + 60_000 }
    const summary = await syncArchive({
      archive,
      client,
      writer,
      writerEntry: SOURCE_WRITER_ENTRY
    })
    expect(summary).toMatchObject({ complete: true, inserted: 250 })
    expect(summary.writeMs).toBeLessThan(60_000)
    expect(started).not.toHaveBeenCalled()
    expect(close).not.toHaveBeenCalled()
    expect(archive.stats().total).toBe(250)

    // It still writes: the next sync, and the backfill's transcripts.
    addConversations(1)
    expect(await syncArchive({ archive, client, writer: Promise.resolve(writer) })).toMatchObject({
      complete: true,
      inserted: 1
    })
    const id = mock.list()[0]!.id
    await shared.writeTranscript(currentTranscript(archive, id, ['still open']))
    expect(archive.transcript(id)?.messages).toHaveLength(1)
  })

  it('fails alone at a failed page: transcripts written meanwhile are kept, and the writer goes on', async () => {
    await syncArchive({ archive, client, writer: shared })
    const ids = mock.list().map((c) => c.id)
    const transcripts: Promise<void>[] = []
    // The backfill writes a transcript through the same writer as each page is handed over,
    // before, beside and after the batch that fails.
    const writer: ArchiveWriter = {
      ...shared,
      writePage(page) {
        const written = shared.writePage(page)
        const id = ids[transcripts.length]!
        transcripts.push(shared.writeTranscript(currentTranscript(archive, id, [`for ${id}`])))
        return written
      }
    }
    addConversations(150)
    await expect(syncArchive({ archive, client: corruptingAnswer(2), writer })).rejects.toThrow(
      /created_at of/
    )
    expect(transcripts.length).toBeGreaterThanOrEqual(2)
    await Promise.all(transcripts)
    for (const id of ids.slice(0, transcripts.length)) {
      expect(archive.transcript(id)?.messages).toEqual([{ role: 'user', content: `for ${id}` }])
    }
    // Nothing after the failed page was written, so the next sync resumes right after page 1.
    expect(archive.readCheckpoint()).toMatchObject({ pages: 1, rows: 100 })
    expect(archive.stats().total).toBe(350)

    const resumed = await syncArchive({ archive, client, writer: shared })
    expect(resumed).toMatchObject({ resumed: true, complete: true, rows: 400, inserted: 50 })
    expect(archive.stats().total).toBe(400)
  })

  it('writes no page after one whose write failed, whenever the next page arrives', async () => {
    await syncArchive({ archive, client, writer: shared })
    let deliverPageThree = (): void => undefined
    const pageThreeMayArrive = new Promise<void>((resolve) => (deliverPageThree = resolve))
    const writer: ArchiveWriter = {
      ...shared,
      writePage(page) {
        if (page.checkpoint.pages !== 2) return shared.writePage(page)
        const failed = new Promise<PageWriteResult>((_, reject) =>
          setTimeout(() => reject(new Error('disk full')), 20)
        )
        // The next page arrives the moment this write fails: the tightest interleaving.
        failed.catch(deliverPageThree)
        return failed
      }
    }
    let answers = 0
    const slowThirdPage: ApiClient = {
      ...client,
      async listConversations(params, options) {
        const page = await client.listConversations(params, options)
        if (++answers === 3) await pageThreeMayArrive
        return page
      }
    }
    addConversations(150)
    await expect(syncArchive({ archive, client: slowThirdPage, writer })).rejects.toThrow(
      'disk full'
    )
    // Page 3 after the lost page 2 would have moved the checkpoint past it for good.
    expect(archive.readCheckpoint()).toMatchObject({ pages: 1, rows: 100 })
  })

  it('is not stopped by a transcript write that fails beside it', async () => {
    let failed: Promise<unknown> | null = null
    const writer: ArchiveWriter = {
      ...shared,
      writePage(page) {
        const written = shared.writePage(page)
        failed ??= shared.writeTranscript({ ...currentTranscriptOf('nope'), id: 'nope' }).then(
          () => 'written',
          (error: unknown) => error
        )
        return written
      }
    }
    const summary = await syncArchive({ archive, client, writer })
    expect(summary).toMatchObject({ complete: true, inserted: 250 })
    expect(await failed).toMatchObject({ message: expect.stringMatching(/no conversation nope/) })
  })
})

/** `count` conversations newer than any. */
function addConversations(count: number): void {
  for (let i = 0; i < count; i++) {
    mock.add({ ...generateConversation(20_000 + i, { seed: 7 }), id: `added-${i}` })
  }
}

/** A transcript for an id the archive does not hold: writing it fails. */
function currentTranscriptOf(id: string) {
  return {
    id,
    fetchedAt: '2025-02-03T00:00:00.000Z',
    messages: [{ role: 'user', content: 'lost' }],
    messageCount: 1,
    updatedAt: null
  }
}
