import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InvokeMethod, IpcResult, SyncStatus } from '../../../shared/ipc/contract'
import { SecretStoreUnavailableError } from '../errors'
import { startMockApi, type MockApi } from '../mockApi/mockApiServer'
import { createMemorySecretStore } from '../secrets/memorySecretStore'
import { apiKeyAccount, type SecretStore } from '../secrets/secretStore'
import { settingsPath } from '../settings/settingsFile'
import { CHANNEL_SCHEMAS } from './channelSchemas'
import { createIpcHandlers, type IpcHandlers } from './createIpcHandlers'

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
  /** Resolves with the first status (seen before or after the call) that matches. */
  waitFor(predicate: (status: SyncStatus) => boolean): Promise<SyncStatus>
}

function setup(secretStore: SecretStore = createMemorySecretStore(), baseUrl?: string): Setup {
  const statuses: SyncStatus[] = []
  const waiters: { predicate: (s: SyncStatus) => boolean; resolve: (s: SyncStatus) => void }[] = []
  const handlers = createIpcHandlers({
    userDataDir: join(dir, 'user-data'),
    secretStore,
    archivePathFor: () => join(dir, 'archive.sqlite3'),
    defaultBaseUrl: baseUrl ?? mock?.url ?? 'http://127.0.0.1:9',
    clientOptions: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
    onSyncStatus: (status) => {
      statuses.push(status)
      seen.push(status)
      for (const waiter of [...waiters]) {
        if (waiter.predicate(status)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(status)
        }
      }
    }
  })
  tables.push(handlers)
  return {
    handlers,
    statuses,
    waitFor: (predicate) =>
      new Promise((resolve) => {
        const found = statuses.find(predicate)
        if (found) resolve(found)
        else waiters.push({ predicate, resolve })
      })
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
  getFilterOptions: 'all',
  revealArchive: { path: '/etc' }
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
    await value(handlers.getStats(undefined))
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

  it('keeps settings across a new table and falls back to defaults for a corrupt file', async () => {
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
      syncIntervalMinutes: 0
    })
    writeFileSync(settingsPath(join(dir, 'user-data')), '{"syncIntervalMinutes": "often"')
    const third = setup()
    expect((await value(third.handlers.getAppState(undefined))).settings).toEqual({
      baseUrl: 'http://127.0.0.1:9',
      syncIntervalMinutes: 15
    })
  })
})
