import { afterEach, describe, expect, it } from 'vitest'
import { createApiClient, type ApiClient } from '../api/client'
import { createRatePacer, type RatePacer } from '../api/ratePacer'
import type { Archive } from '../archive/archive'
import { openArchive } from '../archive/openArchive'
import { useTempDir } from '../archive/testArchive'
import { startMockApi, type MockApi, type MockApiOptions } from '../mockApi/mockApiServer'
import { createInlineWriter } from '../sync/archiveWriter'
import { syncArchive } from '../sync/syncArchive'
import { backfillTranscripts, type BackfillSummary } from './backfillTranscripts'

const KEY = 'backfill-mock-key'
const { tempFile } = useTempDir()

let mock: MockApi | null = null
let archive: Archive | null = null
afterEach(async () => {
  archive?.close()
  archive = null
  await mock?.close()
  mock = null
})

interface Answered {
  at: number
  path: string
  status: number
}

/** The mock API, an archive, and a client on one pacer, with every answer's status logged. */
async function setup(
  options: MockApiOptions,
  windowMs?: number
): Promise<{
  api: MockApi
  store: Archive
  client: ApiClient
  pacer: RatePacer
  answers: Answered[]
}> {
  const api = await startMockApi({ apiKey: KEY, ...options })
  mock = api
  const store = openArchive(tempFile())
  archive = store
  const pacer = createRatePacer({ windowMs })
  const answers: Answered[] = []
  const client = createApiClient({
    apiKey: KEY,
    baseUrl: api.url,
    pacer,
    baseDelayMs: 5,
    fetch: async (input, init) => {
      const response = await fetch(input, init)
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname
      answers.push({ at: Date.now(), path, status: response.status })
      return response
    }
  })
  return { api, store, client, pacer, answers }
}

async function backfill(
  store: Archive,
  client: ApiClient,
  pacer: RatePacer
): Promise<BackfillSummary> {
  const writer = createInlineWriter(store)
  try {
    return await backfillTranscripts({ writer, client, pacer })
  } finally {
    await writer.close()
  }
}

const transcriptPaths = (answers: Answered[]): string[] =>
  answers
    .filter((answer) => answer.path.startsWith('/api/conversations/'))
    .map((answer) => decodeURIComponent(answer.path.slice('/api/conversations/'.length)))

describe('backfillTranscripts against the mock API', () => {
  it('archives what the server answers, and refetches only conversations that changed', async () => {
    const { api, store, client, pacer, answers } = await setup({ rows: 40 })
    await syncArchive({ archive: store, client })
    expect(await backfill(store, client, pacer)).toMatchObject({ total: 40, fetched: 40 })
    for (const { id } of api.list()) {
      expect(store.transcript(id)?.messages, id).toEqual(api.transcript(id))
    }

    const [newer, older] = [api.list()[3]!.id, api.list()[30]!.id]
    api.updateConversation(newer)
    api.updateConversation(older, { messages: 4 })
    await syncArchive({ archive: store, client })
    expect(store.transcript(older)?.stale).toBe(true)
    const before = transcriptPaths(answers).length
    expect(await backfill(store, client, pacer)).toMatchObject({ total: 2, fetched: 2 })
    expect(transcriptPaths(answers).slice(before)).toEqual([newer, older])
    expect(store.transcript(older)?.messages).toEqual(api.transcript(older))
    expect(store.transcript(older)?.stale).toBe(false)
    expect(store.transcriptCounts()).toMatchObject({ missing: 0, stale: 0, current: 40 })
  })

  it('honours a 429 on a transcript, waiting as long as Retry-After says', async () => {
    const { api, store, client, pacer, answers } = await setup({ rows: 5 })
    await syncArchive({ archive: store, client })
    api.injectFault(
      {
        kind: 'status',
        status: 429,
        body: '{"message":"Too Many Attempts."}',
        headers: { 'Retry-After': '1' }
      },
      1,
      'conversation'
    )
    expect(await backfill(store, client, pacer)).toMatchObject({ fetched: 5, failed: 0 })
    const limited = answers.findIndex((answer) => answer.status === 429)
    expect(limited).toBeGreaterThan(-1)
    const retried = answers[limited + 1]!
    expect(retried.path).toBe(answers[limited]!.path)
    expect(retried.at - answers[limited]!.at).toBeGreaterThanOrEqual(950)
  })

  it('shares one budget with a list sync beside it: at most one 429 per window', async () => {
    const windowMs = 1000
    const { api, store, client, pacer, answers } = await setup(
      { rows: 240, rateLimit: { limit: 60, windowMs } },
      windowMs
    )
    await syncArchive({ archive: store, client })
    const started = Date.now()
    const [summary] = await Promise.all([
      backfill(store, client, pacer),
      // A full crawl of the same key while the backfill runs: its pages go first.
      new Promise((resolve) => setTimeout(resolve, 300)).then(() =>
        syncArchive({ archive: store, client, mode: 'full' })
      )
    ])
    const elapsed = Date.now() - started
    expect(summary).toMatchObject({ total: 240, fetched: 240, failed: 0 })
    const limited = answers.filter((answer) => answer.status === 429).length
    expect(limited).toBeLessThanOrEqual(Math.ceil(elapsed / windowMs))
    expect(new Set(transcriptPaths(answers)).size).toBe(240)
    expect(api.list()).toHaveLength(240)
  }, 30_000)
})
