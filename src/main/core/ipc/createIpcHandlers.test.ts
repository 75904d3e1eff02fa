import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type {
  BackfillStatus,
  InvokeMethod,
  IpcResult,
  SyncStatus,
  TranscriptFetch
} from '../../../shared/ipc/contract'
import { SecretStoreUnavailableError } from '../errors'
import { generateConversation } from '../mockApi/generateConversations'
import { startMockApi, type MockApi } from '../mockApi/mockApiServer'
import { createMemorySecretStore } from '../secrets/memorySecretStore'
import { apiKeyAccount, type SecretStore } from '../secrets/secretStore'
import { settingsPath, type StoredSettings } from '../settings/settingsFile'
import { SOURCE_WRITER_ENTRY } from '../sync/writerEntry'
import * as writerThread from '../sync/writerThread'
import { CHANNEL_SCHEMAS } from './channelSchemas'
import { createIpcHandlers, type IpcHandlerDeps, type IpcHandlers } from './createIpcHandlers'

const KEY = 'sk-live-9f8e7d6c5b4a3210abcdef'
let dir: string
let mock: MockApi | null
let tables: IpcHandlers[]
let seen: unknown[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cb-ipc-'))
  mock = null
  tables = []
  seen = []
})

afterEach(async () => {
  for (const table of tables) await table.dispose()
  await mock?.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Setup {
  handlers: IpcHandlers
  statuses: SyncStatus[]
  backfills: BackfillStatus[]
  fetches: TranscriptFetch[]
  /** Resolves with the first status (seen before or after the call) that matches. */
  waitFor(predicate: (status: SyncStatus) => boolean): Promise<SyncStatus>
  waitForBackfill(predicate: (status: BackfillStatus) => boolean): Promise<BackfillStatus>
}

/** Resolves with the first of `seenSoFar` that matches, now or once it arrives. */
function firstMatch<T>(seenSoFar: T[], predicate: (item: T) => boolean): Promise<T> {
  return vi.waitFor(
    () => {
      const found = seenSoFar.find(predicate)
      if (found === undefined) throw new Error('not yet')
      return found
    },
    { timeout: 20_000, interval: 10 }
  )
}

function setup(
  secretStore: SecretStore = createMemorySecretStore(),
  baseUrl?: string,
  extra: Partial<IpcHandlerDeps> = {}
): Setup {
  const statuses: SyncStatus[] = []
  const backfills: BackfillStatus[] = []
  const fetches: TranscriptFetch[] = []
  const handlers = createIpcHandlers({
    userDataDir: join(dir, 'user-data'),
    secretStore,
    archivePathFor: () => join(dir, 'archive.sqlite3'),
    defaultBaseUrl: baseUrl ?? mock?.url ?? 'http://127.0.0.1:9',
    clientOptions: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
    emit: (...[event, payload]) => {
      seen.push(payload)
      if (event === 'syncStatus') statuses.push(payload)
      else if (event === 'backfillStatus') backfills.push(payload)
      else if (event === 'transcriptFetch') fetches.push(payload)
    },
    ...extra
  })
  tables.push(handlers)
  return {
    handlers,
    statuses,
    backfills,
    fetches,
    waitFor: (predicate) => firstMatch(statuses, predicate),
    waitForBackfill: (predicate) => firstMatch(backfills, predicate)
  }
}

async function value<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const answer = await result
  seen.push(answer)
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`)
  return answer.value
}

async function failure<T>(
  result: Promise<IpcResult<T>>
): Promise<{ code: string; message: string }> {
  const answer = await result
  seen.push(answer)
  if (answer.ok) throw new Error('expected a failure')
  return answer.error
}

function unavailableKeychain(): SecretStore {
  const fail = (): never => {
    throw new SecretStoreUnavailableError('The system keychain is not available.')
  }
  return { get: async () => fail(), set: async () => fail(), delete: async () => fail() }
}

const BAD_INPUTS: { [M in InvokeMethod]: unknown } = {
  getAppState: { extra: true },
  saveApiKey: { apiKey: KEY, sessionOnly: 'yes' },
  removeApiKey: 'now',
  updateSettings: { syncIntervalMinutes: 5000 },
  startSync: { mode: 'everything' },
  cancelSync: 1,
  search: { phone: 42 },
  countConversations: { limit: 100_000 },
  getConversation: { id: '' },
  getStats: [],
  getInsights: { type: 'widget', limit: 10 },
  getFilterOptions: 'all',
  revealArchive: { path: '/etc' },
  startNewArchive: { path: '/etc/passwd' },
  getTranscript: { id: 'a\0b' },
  fetchTranscript: { id: 'x'.repeat(201) },
  pauseBackfill: { now: true },
  resumeBackfill: 'please',
  getCustomer: { phone: 5551234 },
  saveTranscript: { id: 'abc', format: 'pdf' },
  startExport: { query: { limit: 10 }, format: 'csv', transcripts: false },
  cancelExport: { now: true },
  addAccount: { name: 'Acme\nCorp', apiKey: KEY },
  renameAccount: { id: '../single', name: 'Acme' },
  removeAccount: { id: 'single' },
  switchAccount: { id: 'x'.repeat(41) }
}

describe('IPC handler table', () => {
  it('rejects bad input on every channel with invalid-input and changes nothing', async () => {
    const store = createMemorySecretStore()
    const { handlers } = setup(store)
    for (const method of Object.keys(CHANNEL_SCHEMAS) as InvokeMethod[]) {
      const handler: (input: unknown) => Promise<IpcResult<unknown>> = handlers[method]
      const error = await failure(handler(BAD_INPUTS[method]))
      expect(error.code, method).toBe('invalid-input')
      expect(error.message, method).toMatch(/^The request was not valid/)
    }
    expect(existsSync(settingsPath(join(dir, 'user-data')))).toBe(false)
    expect(await store.get(apiKeyAccount('http://127.0.0.1:9'))).toBeNull()
    expect(JSON.stringify(seen)).not.toContain(KEY)
  })

  it('answers not-an-archive for another program’s file, and starts anew keeping it aside', async () => {
    const file = join(dir, 'archive.sqlite3')
    writeFileSync(file, 'not a database, '.repeat(20))
    const { handlers } = setup()
    const refused = await failure(handlers.getAppState(undefined))
    expect(refused.code).toBe('not-an-archive')
    expect(refused.message).toMatch(/is not a Conversation Browser archive.*Start a new archive/)
    expect((await failure(handlers.search({}))).code).toBe('not-an-archive')
    expect(readFileSync(file, 'utf8')).toBe('not a database, '.repeat(20))

    const { keptAs } = await value(handlers.startNewArchive(undefined))
    expect(readFileSync(keptAs, 'utf8')).toBe('not a database, '.repeat(20))
    expect((await value(handlers.getAppState(undefined))).archive).toMatchObject({
      path: file,
      conversations: 0
    })
    // The new archive is one: it is never set aside.
    expect((await failure(handlers.startNewArchive(undefined))).message).toMatch(
      /nothing was set aside/
    )
  })

  it('answers no-key when a sync starts without a key, and searches with no network', async () => {
    const { handlers } = setup()
    expect((await failure(handlers.startSync({ mode: 'quick' }))).code).toBe('no-key')
    expect(await value(handlers.search({ phone: '555' }))).toEqual({
      conversations: [],
      nextCursor: null
    })
    expect(await value(handlers.countConversations({}))).toEqual({ count: 0, capped: false })
    const options = await value(handlers.getFilterOptions(undefined))
    expect(options.types).toEqual(expect.arrayContaining(['test', 'widget', 'whatsapp', 'api']))
  })

  it('refuses a wrong key with auth and does not store it', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 10 })
    const store = createMemorySecretStore()
    const { handlers } = setup(store)
    const error = await failure(handlers.saveApiKey({ apiKey: 'wrong-key-123456' }))
    expect(error.code).toBe('auth')
    expect(error.message).toMatch(/API key/)
    expect(await store.get(apiKeyAccount(mock.url))).toBeNull()
    expect((await value(handlers.getAppState(undefined))).key.set).toBe(false)
  })

  it('saves a good key, syncs, reports progress, and never reveals the key', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 350 })
    const store = createMemorySecretStore()
    const { handlers, statuses, waitFor } = setup(store)
    const status = await value(handlers.saveApiKey({ apiKey: KEY }))
    expect(status).toEqual({ set: true, lastFour: KEY.slice(-4), storage: 'keychain' })
    expect(await store.get(apiKeyAccount(mock.url))).toBe(KEY)
    const done = await waitFor((s) => s.phase === 'idle' && s.lastSummary !== null)
    expect(done.lastSummary?.rows).toBe(350)
    expect(statuses.filter((s) => s.progress !== null).length).toBeGreaterThanOrEqual(4)
    const page = await value(handlers.search({ limit: 500 }))
    expect(page.conversations).toHaveLength(350)
    const first = page.conversations[0]!
    expect((await value(handlers.getConversation({ id: first.id })))?.id).toBe(first.id)
    const state = await value(handlers.getAppState(undefined))
    expect(state.archive.conversations).toBe(350)
    expect(state.archive.bytes).toBeGreaterThan(0)
    expect(state.sync.nextSyncAt).not.toBeNull()

    // A second full crawl knows how many rows to expect.
    await value(handlers.startSync({ mode: 'full' }))
    await waitFor((s) => s.fraction !== null && s.fraction > 0)
    await waitFor((s) => s.phase === 'idle' && s.lastSummary !== done.lastSummary)
    const stats = await value(handlers.getStats(undefined))
    const insights = await value(handlers.getInsights({}))
    expect(insights).toMatchObject({ total: 350, by_type: stats.by_type })
    expect((await value(handlers.getInsights({ type: 'widget' }))).total).toBe(
      stats.by_type['widget']
    )
    await value(handlers.removeApiKey(undefined))

    const everything = JSON.stringify(seen)
    expect(everything).not.toContain(KEY)
    expect(everything).not.toContain(KEY.slice(0, -4))
    expect(everything).not.toContain(KEY.slice(4, 20))
  })

  it('says the keychain is unavailable, then keeps a session-only key', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 5 })
    const { handlers, waitFor } = setup(unavailableKeychain())
    const error = await failure(handlers.saveApiKey({ apiKey: KEY }))
    expect(error.code).toBe('keychain-unavailable')
    expect(error.message).toMatch(/keychain.*session only/)
    expect((await value(handlers.getAppState(undefined))).keychainAvailable).toBe(false)
    const status = await value(handlers.saveApiKey({ apiKey: KEY, sessionOnly: true }))
    expect(status).toMatchObject({ set: true, storage: 'session' })
    await waitFor((s) => s.phase === 'idle' && s.lastSummary !== null)
    expect((await value(handlers.countConversations({}))).count).toBe(5)
    expect(JSON.stringify(seen)).not.toContain(KEY)
  })

  it('reports offline when the server is gone, and search still answers', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 120 })
    const { handlers, waitFor } = setup()
    await value(handlers.saveApiKey({ apiKey: KEY }))
    await waitFor((s) => s.phase === 'idle' && s.lastSummary !== null)
    await mock.close()
    mock = null
    await value(handlers.startSync({ mode: 'quick' }))
    const failed = await waitFor((s) => s.phase === 'idle' && s.lastError !== null)
    expect(failed.lastError?.code).toBe('offline')
    expect(failed.lastError?.message).toMatch(/works offline/)
    expect(failed.online).toBe(false)
    expect((await value(handlers.search({ limit: 10 }))).conversations).toHaveLength(10)
  })

  it('cancels a running sync', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 3000, latencyMs: 50 })
    const { handlers, waitFor } = setup()
    await value(handlers.saveApiKey({ apiKey: KEY }))
    await waitFor((s) => s.progress !== null)
    const again = await value(handlers.startSync({ mode: 'full' }))
    expect(again.phase).toBe('running')
    const cancelled = await value(handlers.cancelSync(undefined))
    expect(cancelled.phase).toBe('idle')
    expect(cancelled.lastError?.code).toBe('cancelled')
    await waitFor((s) => s.phase === 'cancelling')
  })

  it('keeps settings across a new table and falls back to defaults for a corrupt file, keeping the account', async () => {
    const first = setup()
    await value(
      first.handlers.updateSettings({
        syncIntervalMinutes: 0,
        baseUrl: 'https://api.example.test/'
      })
    )
    const second = setup()
    expect((await value(second.handlers.getAppState(undefined))).settings).toEqual({
      baseUrl: 'https://api.example.test',
      syncIntervalMinutes: 0,
      transcriptBackfill: true,
      transcriptBackfillDays: null,
      quickLookupShortcut: 'CommandOrControl+Shift+Space',
      defaultCountry: null,
      keepInTray: false
    })
    writeFileSync(settingsPath(join(dir, 'user-data')), '{"syncIntervalMinutes": "often"')
    const third = setup()
    // The API is the account's, kept in the accounts file: a corrupt settings file loses no account.
    expect((await value(third.handlers.getAppState(undefined))).settings).toEqual({
      baseUrl: 'https://api.example.test',
      syncIntervalMinutes: 15,
      transcriptBackfill: true,
      transcriptBackfillDays: null,
      quickLookupShortcut: 'CommandOrControl+Shift+Space',
      defaultCountry: null,
      keepInTray: false
    })
  })
})

describe('the quick lookup and tray settings', () => {
  it('hands each change to the shell and says whether the system took the shortcut', async () => {
    const changes: StoredSettings[] = []
    let taken = true
    const { handlers } = setup(undefined, undefined, {
      shell: {
        settingsChanged: (settings) => changes.push(settings),
        shortcutRegistered: () => taken
      }
    })
    const before = await value(handlers.getAppState(undefined))
    expect(before.quickLookup).toEqual({
      accelerator: 'CommandOrControl+Shift+Space',
      registered: true
    })
    taken = false
    const after = await value(
      handlers.updateSettings({ quickLookupShortcut: 'Alt+Shift+L', defaultCountry: 'GB' })
    )
    expect(after.quickLookup).toEqual({ accelerator: 'Alt+Shift+L', registered: false })
    expect(after.settings).toMatchObject({ defaultCountry: 'GB', keepInTray: false })
    expect(changes.at(-1)).toMatchObject({
      quickLookupShortcut: 'Alt+Shift+L',
      defaultCountry: 'GB'
    })

    // null removes the shortcut (and is kept as a choice); leaving a field out changes nothing.
    const none = await value(
      handlers.updateSettings({ quickLookupShortcut: null, keepInTray: true })
    )
    expect(none.quickLookup).toEqual({ accelerator: null, registered: null })
    expect(none.settings).toMatchObject({ defaultCountry: 'GB', keepInTray: true })
    const again = setup()
    expect((await value(again.handlers.getAppState(undefined))).settings).toMatchObject({
      quickLookupShortcut: null,
      defaultCountry: 'GB',
      keepInTray: true
    })
  })

  it('refuses a shortcut without a modifier and a country that is none, changing nothing', async () => {
    const changes: StoredSettings[] = []
    const { handlers } = setup(undefined, undefined, {
      shell: {
        settingsChanged: (settings) => changes.push(settings),
        shortcutRegistered: () => true
      }
    })
    const bare = await failure(handlers.updateSettings({ quickLookupShortcut: 'Space' }))
    expect(bare.code).toBe('invalid-input')
    expect(bare.message).toContain('needs Ctrl')
    expect((await failure(handlers.updateSettings({ defaultCountry: 'XX' }))).code).toBe(
      'invalid-input'
    )
    expect(changes).toEqual([])
    // Without a shell (the harness) nothing registers a shortcut: its status says so.
    const harness = setup()
    expect((await value(harness.handlers.getAppState(undefined))).quickLookup.registered).toBeNull()
  })
})

/**
 * Whether the mock API is asked for no more transcripts: the request in flight when the work
 * stopped may still arrive, aborted on its way, so the count is taken once that has landed.
 */
async function nothingAskedFor(api: MockApi): Promise<boolean> {
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50))
  await pause()
  const asked = transcriptRequests(api).length
  await pause()
  return transcriptRequests(api).length === asked
}

/** The ids of the transcripts the mock API was asked for, in order. */
function transcriptRequests(api: MockApi): string[] {
  return api.requests
    .filter((request) => request.path.startsWith('/api/conversations/'))
    .map((request) => decodeURIComponent(request.path.slice('/api/conversations/'.length)))
}

describe('IPC handler table: transcripts', () => {
  it('fetches every transcript after a sync, newest first, and reads them back', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 120, rateLimit: { limit: 6000 } })
    const { handlers, backfills, waitForBackfill } = setup()
    await value(handlers.saveApiKey({ apiKey: KEY }))
    const done = await waitForBackfill((s) => s.phase === 'idle' && s.done === 120)
    expect(done).toMatchObject({
      total: 120,
      remainingMs: 0,
      requestsPerMinute: 6000,
      lastError: null
    })
    expect(backfills.some((s) => s.phase === 'running' && s.done < 120)).toBe(true)

    const newestFirst = (await value(handlers.search({ limit: 500 }))).conversations
    expect(transcriptRequests(mock)).toEqual(newestFirst.map((c) => c.id))
    const first = mock.list()[0]!
    const transcript = await value(handlers.getTranscript({ id: first.id }))
    expect(transcript).toMatchObject({ id: first.id, stale: false, not_found_at: null })
    expect(transcript?.messages).toEqual(mock.transcript(first.id))
    expect((await value(handlers.getAppState(undefined))).backfill).toEqual(done)
    expect(await value(handlers.getTranscript({ id: 'no-such-id' }))).toBeNull()
    expect(JSON.stringify(seen)).not.toContain(KEY)
  })

  it('fetches the transcript a person opened at once, and says when the server lost it', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 20 })
    const { handlers, fetches, waitFor } = setup()
    await value(handlers.updateSettings({ transcriptBackfill: false }))
    await value(handlers.saveApiKey({ apiKey: KEY }))
    await waitFor((s) => s.phase === 'idle' && s.lastSummary !== null)
    const [opened] = mock.list()
    expect((await value(handlers.getTranscript({ id: opened!.id })))?.messages).toBeNull()

    expect(await value(handlers.fetchTranscript({ id: opened!.id }))).toEqual({
      id: opened!.id,
      phase: 'fetching',
      error: null
    })
    await firstMatch(fetches, (f) => f.id === opened!.id && f.phase === 'done')
    const archived = mock.transcript(opened!.id)
    expect((await value(handlers.getTranscript({ id: opened!.id })))?.messages).toEqual(archived)
    expect(transcriptRequests(mock)).toEqual([opened!.id])

    mock.remove(opened!.id)
    await value(handlers.fetchTranscript({ id: opened!.id }))
    const failed = await firstMatch(fetches, (f) => f.phase === 'failed')
    expect(failed).toMatchObject({ id: opened!.id, error: { code: 'not-found' } })
    const kept = await value(handlers.getTranscript({ id: opened!.id }))
    expect(kept?.messages).toEqual(archived)
    expect(kept?.not_found_at).not.toBeNull()

    expect((await failure(handlers.fetchTranscript({ id: 'no-such-id' }))).code).toBe('not-found')
    expect(JSON.stringify(seen)).not.toContain(KEY)
  })

  it('says offline when an opened transcript cannot be fetched', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 5 })
    const { handlers, fetches, waitFor } = setup()
    await value(handlers.updateSettings({ transcriptBackfill: false }))
    await value(handlers.saveApiKey({ apiKey: KEY }))
    await waitFor((s) => s.phase === 'idle' && s.lastSummary !== null)
    const id = mock.list()[0]!.id
    await mock.close()
    mock = null
    await value(handlers.fetchTranscript({ id }))
    const failed = await firstMatch(fetches, (f) => f.phase === 'failed')
    expect(failed.error).toMatchObject({ code: 'offline' })
  })

  it('pauses the backfill, and resumes where it stopped', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 60, latencyMs: 10 })
    const { handlers, waitForBackfill } = setup()
    await value(handlers.saveApiKey({ apiKey: KEY }))
    await waitForBackfill((s) => s.phase === 'running' && s.done >= 3)
    const paused = await value(handlers.pauseBackfill(undefined))
    expect(paused).toMatchObject({ phase: 'paused', lastError: null })
    expect(await nothingAskedFor(mock)).toBe(true)

    // "N of 60" goes on from where it was paused, not from 0.
    expect(await value(handlers.resumeBackfill(undefined))).toMatchObject({
      phase: 'running',
      done: paused.done,
      total: 60
    })
    const done = await waitForBackfill(
      (s) => s.phase === 'idle' && s.done > 0 && s.done === s.total
    )
    expect(done.total).toBe(60)
    // At most the request in flight at the pause is asked for twice.
    expect(transcriptRequests(mock).length).toBeLessThanOrEqual(61)
    expect(new Set(transcriptRequests(mock)).size).toBe(60)
  })

  it('says no-key, as a code and a sentence, when the backfill or a fetch has no key', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 1 })
    const { handlers, waitForBackfill } = setup()
    await value(handlers.resumeBackfill(undefined))
    const stopped = await waitForBackfill((s) => s.lastError !== null)
    expect(stopped).toMatchObject({ phase: 'idle', lastError: { code: 'no-key' } })
    expect(stopped.lastError?.message).toMatch(/Settings/)
    expect((await value(handlers.getAppState(undefined))).backfill).toEqual(stopped)
    expect((await failure(handlers.fetchTranscript({ id: 'any' }))).code).toBe('no-key')
  })

  it('writes the list sync and the backfill through the archive’s one writer thread', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 150, latencyMs: 5 })
    const started = vi.spyOn(writerThread, 'startWriterThread')
    try {
      const { handlers, waitFor, waitForBackfill } = setup(createMemorySecretStore(), undefined, {
        writerEntry: SOURCE_WRITER_ENTRY
      })
      await value(handlers.saveApiKey({ apiKey: KEY }))
      const first = await waitFor((s) => s.phase === 'idle' && s.lastSummary !== null)
      expect(first.lastSummary).toMatchObject({ inserted: 150 })
      await waitForBackfill((s) => s.phase === 'running' && s.done >= 1)

      // A sync while the backfill writes beside it, through the same thread.
      for (let i = 0; i < 10; i++) {
        mock.add({ ...generateConversation(9000 + i, { seed: 3 }), id: `added-${i}` })
      }
      await value(handlers.startSync({ mode: 'quick' }))
      const second = await waitFor((s) => s.phase === 'idle' && s.lastSummary !== first.lastSummary)
      expect(second).toMatchObject({ lastError: null, lastSummary: { inserted: 10 } })
      const done = await waitForBackfill((s) => s.phase === 'idle' && s.done === 160)
      expect(done).toMatchObject({ total: 160, lastError: null })
      expect((await value(handlers.getTranscript({ id: 'added-0' })))?.messages).toEqual(
        mock.transcript('added-0')
      )
      expect(started).toHaveBeenCalledTimes(1)
    } finally {
      started.mockRestore()
    }
  })

  it('turns the backfill off and on through the settings', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 30 })
    const { handlers, waitFor, waitForBackfill } = setup()
    const off = await value(handlers.updateSettings({ transcriptBackfill: false }))
    expect(off.backfill.phase).toBe('off')
    expect(off.settings.transcriptBackfill).toBe(false)
    await value(handlers.saveApiKey({ apiKey: KEY }))
    await waitFor((s) => s.phase === 'idle' && s.lastSummary !== null)
    expect(transcriptRequests(mock)).toEqual([])

    const on = await value(
      handlers.updateSettings({ transcriptBackfill: true, transcriptBackfillDays: 3650 })
    )
    expect(on.settings).toMatchObject({ transcriptBackfill: true, transcriptBackfillDays: 3650 })
    await waitForBackfill((s) => s.phase === 'idle' && s.done === 30)
    const all = await value(handlers.updateSettings({ transcriptBackfillDays: null }))
    expect(all.settings.transcriptBackfillDays).toBeNull()
  })

  it('saves a transcript as text or JSON where the person chose, complete or not at all', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 3 })
    const chosen: string[] = []
    let answer: string | null = join(dir, 'saved.txt')
    const { handlers, waitForBackfill } = setup(createMemorySecretStore(), undefined, {
      chooseSavePath: async (name) => {
        chosen.push(name)
        return answer
      }
    })
    await value(handlers.saveApiKey({ apiKey: KEY }))
    await waitForBackfill((s) => s.phase === 'idle' && s.done === 3)
    const conversation = mock.list()[0]!

    expect(await value(handlers.saveTranscript({ id: conversation.id, format: 'text' }))).toEqual({
      saved: true
    })
    expect(chosen).toEqual([`transcript-${conversation.id}.txt`])
    expect(readFileSync(join(dir, 'saved.txt'), 'utf8')).toMatch(/^Transcript of conversation /)

    answer = join(dir, 'saved.json')
    await value(handlers.saveTranscript({ id: conversation.id, format: 'json' }))
    const json = JSON.parse(readFileSync(answer, 'utf8')) as { id: string; messages: unknown[] }
    expect(json).toMatchObject({ id: conversation.id, messages: mock.transcript(conversation.id) })

    answer = null
    expect(await value(handlers.saveTranscript({ id: conversation.id, format: 'json' }))).toEqual({
      saved: false
    })
    answer = join(dir, 'no-such-folder', 'x.txt')
    const unwritable = await failure(
      handlers.saveTranscript({ id: conversation.id, format: 'text' })
    )
    expect(unwritable).toEqual({
      code: 'file',
      message: `The transcript could not be saved to ${answer}: the folder does not exist.`
    })
    expect((await failure(handlers.saveTranscript({ id: 'nope', format: 'text' }))).code).toBe(
      'not-found'
    )
    expect(JSON.stringify(seen)).not.toContain(KEY)
  })

  it('cannot save without a way to ask where', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 1 })
    const { handlers, waitForBackfill } = setup()
    await value(handlers.saveApiKey({ apiKey: KEY }))
    await waitForBackfill((s) => s.phase === 'idle' && s.done === 1)
    const error = await failure(handlers.saveTranscript({ id: mock.list()[0]!.id, format: 'text' }))
    expect(error.code).toBe('file')
  })

  it('shows a customer: every conversation with the number in any spelling', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 10 })
    const { handlers, waitFor } = setup()
    await value(handlers.saveApiKey({ apiKey: KEY }))
    await waitFor((s) => s.phase === 'idle' && s.lastSummary !== null)
    const withPhone = mock.list().find((c) => c.customer?.phone)
    expect(withPhone).toBeDefined()
    const customer = await value(handlers.getCustomer({ phone: withPhone!.customer!.phone! }))
    expect(customer.conversations.map((c) => c.id)).toContain(withPhone!.id)
    expect(customer.count).toBe(customer.conversations.length)
  })

  it('stops the backfill when the key is removed', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 200, latencyMs: 10 })
    const { handlers, waitForBackfill, backfills } = setup()
    await value(handlers.saveApiKey({ apiKey: KEY }))
    await waitForBackfill((s) => s.phase === 'running' && s.done >= 2)
    await value(handlers.removeApiKey(undefined))
    expect(backfills.at(-1)).toMatchObject({ phase: 'idle', done: 0, total: 0 })
    expect(await nothingAskedFor(mock)).toBe(true)
  })
})
