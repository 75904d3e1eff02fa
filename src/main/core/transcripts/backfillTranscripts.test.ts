import { describe, expect, it } from 'vitest'
import {
  AuthError,
  ConversationNotFoundError,
  RequestRejectedError,
  ResponseFormatError,
  ServerUnavailableError,
  SyncCancelledError
} from '../errors'
import {
  backfillTranscripts,
  MAX_FAILURES_IN_A_ROW,
  type BackfillProgress
} from './backfillTranscripts'
import {
  fakeClient,
  fakePacer,
  fakeTranscriptWriter,
  historyOf,
  makeConversations
} from './testFakes'

const FETCHED_AT = '2025-03-02T00:00:00.000Z'
const now = (): Date => new Date(FETCHED_AT)

describe('backfillTranscripts', () => {
  it('fetches only missing and stale transcripts, newest first, in keyset batches', async () => {
    const conversations = makeConversations(7)
    // c001 is current, c003 changed since its fetch, c005 is no longer on the server's list.
    conversations[1]!.transcript = {
      messages: [],
      messageCount: 2,
      updatedAt: conversations[1]!.updatedAt
    }
    conversations[3]!.transcript = {
      messages: [],
      messageCount: 1,
      updatedAt: conversations[3]!.updatedAt
    }
    conversations[5]!.removed = true
    const writer = fakeTranscriptWriter(conversations)
    const client = fakeClient()

    const summary = await backfillTranscripts({
      writer,
      client,
      pacer: fakePacer(),
      now,
      batchSize: 2
    })

    expect(client.calls.map((call) => call.id)).toEqual(['c000', 'c002', 'c003', 'c004', 'c006'])
    expect(client.calls.every((call) => call.priority === 'background')).toBe(true)
    expect(summary).toEqual({ total: 5, fetched: 5, notFound: 0, failed: 0, remaining: 0 })
    expect(writer.queries.map((q) => q.before?.id ?? null)).toEqual([null, 'c002', 'c004'])
    expect(conversations[3]!.transcript).toEqual({
      messages: historyOf('c003'),
      messageCount: 2,
      updatedAt: conversations[3]!.updatedAt
    })
    expect(conversations[5]!.transcript).toBeUndefined()
  })

  it('limits the pass to conversations created since a time', async () => {
    const conversations = makeConversations(5)
    const writer = fakeTranscriptWriter(conversations)
    const client = fakeClient()
    const createdFrom = conversations[2]!.createdAt
    const summary = await backfillTranscripts({ writer, client, pacer: fakePacer(), createdFrom })
    expect(client.calls.map((call) => call.id)).toEqual(['c000', 'c001', 'c002'])
    expect(summary.total).toBe(3)
    expect(writer.queries[0]?.createdFrom).toBe(createdFrom)
  })

  it('records a conversation the server no longer has, keeps its transcript and does not ask again', async () => {
    const conversations = makeConversations(3)
    const kept = [{ role: 'user', content: 'archived' }]
    conversations[1]!.transcript = { messages: kept, messageCount: 1, updatedAt: null }
    const writer = fakeTranscriptWriter(conversations)
    const gone = new ConversationNotFoundError(404, 'Conversation not found')
    const first = fakeClient({ c001: gone })

    const summary = await backfillTranscripts({ writer, client: first, pacer: fakePacer(), now })
    expect(summary).toEqual({ total: 3, fetched: 2, notFound: 1, failed: 0, remaining: 0 })
    expect(conversations[1]!.transcript?.messages).toBe(kept)
    expect(conversations[1]!.notFound).toEqual({
      messageCount: 2,
      updatedAt: conversations[1]!.updatedAt
    })

    const second = fakeClient()
    await backfillTranscripts({ writer, client: second, pacer: fakePacer(), now })
    expect(second.calls).toEqual([])

    // Until the list shows it changed: then it is asked for once more.
    conversations[1]!.messageCount = 3
    const third = fakeClient()
    await backfillTranscripts({ writer, client: third, pacer: fakePacer(), now })
    expect(third.calls.map((call) => call.id)).toEqual(['c001'])
  })

  it('stops at a refused key, keeping what it committed', async () => {
    const conversations = makeConversations(4)
    const writer = fakeTranscriptWriter(conversations)
    const client = fakeClient({ c002: new AuthError(401) })
    await expect(
      backfillTranscripts({ writer, client, pacer: fakePacer() })
    ).rejects.toBeInstanceOf(AuthError)
    expect(client.calls.map((call) => call.id)).toEqual(['c000', 'c001', 'c002'])
    expect(conversations.filter((c) => c.transcript).map((c) => c.id)).toEqual(['c000', 'c001'])
  })

  it('stops when the server cannot be reached', async () => {
    const writer = fakeTranscriptWriter(makeConversations(3))
    const offline = new ServerUnavailableError('Could not get conversation: kept failing.')
    const client = fakeClient({ c000: offline })
    await expect(backfillTranscripts({ writer, client, pacer: fakePacer() })).rejects.toBe(offline)
    expect(client.calls).toHaveLength(1)
  })

  it('counts one rejected conversation as failed, goes on, and leaves it for the next pass', async () => {
    const conversations = makeConversations(3)
    const writer = fakeTranscriptWriter(conversations)
    const client = fakeClient({
      c000: new RequestRejectedError(422, 'rejected'),
      c001: new ResponseFormatError('odd JSON')
    })
    const summary = await backfillTranscripts({ writer, client, pacer: fakePacer() })
    expect(summary).toEqual({ total: 3, fetched: 1, notFound: 0, failed: 2, remaining: 2 })

    const next = fakeClient()
    await backfillTranscripts({ writer, client: next, pacer: fakePacer() })
    expect(next.calls.map((call) => call.id)).toEqual(['c000', 'c001'])
  })

  it(`gives up after ${MAX_FAILURES_IN_A_ROW} rejections in a row`, async () => {
    const conversations = makeConversations(MAX_FAILURES_IN_A_ROW + 5)
    const failures = Object.fromEntries(
      conversations.map((c) => [c.id, new RequestRejectedError(404, 'no such route')])
    )
    const client = fakeClient(failures)
    await expect(
      backfillTranscripts({
        writer: fakeTranscriptWriter(conversations),
        client,
        pacer: fakePacer()
      })
    ).rejects.toBeInstanceOf(RequestRejectedError)
    expect(client.calls).toHaveLength(MAX_FAILURES_IN_A_ROW)
  })

  it('stops when aborted, and the next pass fetches only what is still missing', async () => {
    const conversations = makeConversations(5)
    const writer = fakeTranscriptWriter(conversations)
    const controller = new AbortController()
    const client = fakeClient()
    const progress: BackfillProgress[] = []
    await expect(
      backfillTranscripts({
        writer,
        client,
        pacer: fakePacer(),
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p)
          if (p.done === 2) controller.abort()
        }
      })
    ).rejects.toBeInstanceOf(SyncCancelledError)
    expect(client.calls.map((call) => call.id)).toEqual(['c000', 'c001'])

    const resumed = fakeClient()
    const summary = await backfillTranscripts({ writer, client: resumed, pacer: fakePacer() })
    expect(resumed.calls.map((call) => call.id)).toEqual(['c002', 'c003', 'c004'])
    expect(summary.total).toBe(3)
  })

  it('reports N of M and the time left at the API’s limit after each transcript', async () => {
    const progress: BackfillProgress[] = []
    await backfillTranscripts({
      writer: fakeTranscriptWriter(makeConversations(3)),
      client: fakeClient(),
      pacer: fakePacer(30, 60_000),
      onProgress: (p) => progress.push(p)
    })
    expect(progress.map((p) => [p.done, p.total, p.remainingMs])).toEqual([
      [0, 3, 6_000],
      [1, 3, 4_000],
      [2, 3, 2_000],
      [3, 3, 0]
    ])
    expect(progress.every((p) => p.requestsPerMinute === 30)).toBe(true)
  })

  it('has no estimate until the limit is known', async () => {
    const progress: BackfillProgress[] = []
    await backfillTranscripts({
      writer: fakeTranscriptWriter(makeConversations(1)),
      client: fakeClient(),
      pacer: fakePacer(null),
      onProgress: (p) => progress.push(p)
    })
    expect(progress.map((p) => [p.remainingMs, p.requestsPerMinute])).toEqual([
      [null, null],
      [null, null]
    ])
  })
})
