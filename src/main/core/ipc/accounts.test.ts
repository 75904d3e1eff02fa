import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppState, IpcResult, TranscriptFetch } from '../../../shared/ipc/contract'
import type { AccountSummary } from '../../../shared/model/account'
import { openAccountList } from '../accounts/accountList'
import { accountsPath } from '../accounts/accountsFile'
import { createApiClient } from '../api/client'
import type { ApiConversationJson } from '../api/conversationSchema'
import { createRatePacer } from '../api/ratePacer'
import { openArchive } from '../archive/openArchive'
import { generateConversation } from '../mockApi/generateConversations'
import { startMockApi, type MockApi } from '../mockApi/mockApiServer'
import { defaultArchivePath } from '../paths'
import { apiKeyAccount, type SecretStore } from '../secrets/secretStore'
import { writeSettings, readSettings } from '../settings/settingsFile'
import { createInlineWriter } from '../sync/archiveWriter'
import { syncArchive } from '../sync/syncArchive'
import { createIpcHandlers, type IpcHandlers } from './createIpcHandlers'

const FIRST_KEY = 'sk-first-0123456789abcdef'
const SECOND_KEY = 'sk-second-fedcba9876543210'
const SHARED_PHONE = '+14155550100'

let dir: string
let userDataDir: string
let first: MockApi
let second: MockApi
let tables: IpcHandlers[]

/** The secrets by keychain entry, so a test can see which entries hold what. */
function inspectableStore(): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>()
  return {
    entries,
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => void entries.set(account, secret),
    delete: async (account) => entries.delete(account)
  }
}

function conversations(seed: number, prefix: string): ApiConversationJson[] {
  return Array.from({ length: 40 }, (_, index) => {
    const row = generateConversation(index, { seed, total: 40 })
    const id = `${prefix}-${String(index).padStart(3, '0')}`
    // Two of each account's customers called from one number: the agency's caller.
    const shared = index === 3 || index === 20
    return shared
      ? { ...row, id, customer: { name: `Shared ${prefix}`, phone: SHARED_PHONE } }
      : { ...row, id }
  })
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cb-accounts-ipc-'))
  userDataDir = join(dir, 'user-data')
  tables = []
  first = await startMockApi({ apiKey: FIRST_KEY, conversations: conversations(1, 'first') })
  second = await startMockApi({ apiKey: SECOND_KEY, conversations: conversations(2, 'second') })
})

afterEach(async () => {
  for (const table of tables) await table.dispose()
  await first.close()
  await second.close()
  rmSync(dir, { recursive: true, force: true })
})

function open(
  secretStore: SecretStore,
  events: AccountSummary[][] = [],
  fetches: TranscriptFetch[] = []
): IpcHandlers {
  const handlers = createIpcHandlers({
    userDataDir,
    secretStore,
    defaultBaseUrl: first.url,
    clientOptions: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
    emit: (...[event, payload]) => {
      if (event === 'accounts') events.push(payload)
      if (event === 'transcriptFetch') fetches.push(payload)
    }
  })
  tables.push(handlers)
  return handlers
}

async function value<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const answer = await result
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`)
  return answer.value
}

async function failure<T>(result: Promise<IpcResult<T>>) {
  const answer = await result
  if (answer.ok) throw new Error('expected a failure')
  return answer.error
}

async function synced(handlers: IpcHandlers): Promise<AppState> {
  return vi.waitFor(
    async () => {
      const state = await value(handlers.getAppState(undefined))
      if (state.sync.phase !== 'idle' || state.sync.lastSyncAt === null) throw new Error('syncing')
      return state
    },
    { timeout: 20_000, interval: 20 }
  )
}

async function listedIds(handlers: IpcHandlers): Promise<string[]> {
  const page = await value(handlers.search({ limit: 500 }))
  return page.conversations.map((conversation) => conversation.id)
}

/** What the one-account app left on disk: its settings, its keychain entry, its archive. */
async function oneAccountLayout(store: SecretStore): Promise<string> {
  writeSettings(userDataDir, { ...readSettings(userDataDir, first.url), baseUrl: first.url })
  await store.set(apiKeyAccount(first.url), FIRST_KEY)
  const archive = openArchive(defaultArchivePath(first.url, userDataDir))
  try {
    const client = createApiClient({
      apiKey: FIRST_KEY,
      baseUrl: first.url,
      pacer: createRatePacer()
    })
    await syncArchive({
      archive,
      client,
      mode: 'full',
      writer: Promise.resolve(createInlineWriter(archive))
    })
  } finally {
    archive.close()
  }
  return defaultArchivePath(first.url, userDataDir)
}

describe('accounts', () => {
  it('upgrades the one-account setup into the first account, without a sync or asking for the key', async () => {
    const store = inspectableStore()
    const archivePath = await oneAccountLayout(store)
    const requestsBefore = first.requests.length
    const handlers = open(store)
    const state = await value(handlers.getAppState(undefined))
    expect(state.accounts).toEqual([
      expect.objectContaining({
        name: new URL(first.url).host,
        baseUrl: first.url,
        current: true,
        keySet: true
      })
    ])
    expect(state.key).toEqual({ set: true, lastFour: 'cdef', storage: 'keychain' })
    expect(state.archive).toEqual(expect.objectContaining({ path: archivePath, conversations: 40 }))
    expect(state.sync.lastSyncAt).not.toBeNull()
    expect(await listedIds(handlers)).toHaveLength(40)
    expect(first.requests.length).toBe(requestsBefore)
    expect(JSON.parse(readFileSync(accountsPath(userDataDir), 'utf8')).accounts).toHaveLength(1)
    // The key was not copied anywhere: the one entry the old app wrote still holds it.
    expect([...store.entries.keys()]).toEqual([apiKeyAccount(first.url)])
  })

  it('adds an account with its own keychain entry and archive, and switches between them', async () => {
    const store = inspectableStore()
    await oneAccountLayout(store)
    const events: AccountSummary[][] = []
    const handlers = open(store, events)

    const added = await value(
      handlers.addAccount({ name: 'Acme', baseUrl: second.url, apiKey: SECOND_KEY })
    )
    expect(added.accounts.map((account) => [account.name, account.current])).toEqual([
      [new URL(first.url).host, false],
      ['Acme', true]
    ])
    const acme = added.accounts[1] as AccountSummary
    await synced(handlers)
    expect((await listedIds(handlers)).every((id) => id.startsWith('second-'))).toBe(true)
    expect(store.entries.size).toBe(2)
    expect(store.entries.get(`${apiKeyAccount(second.url)} account ${acme.id}`)).toBe(SECOND_KEY)
    expect(added.archive.path).not.toBe(defaultArchivePath(first.url, userDataDir))
    expect(
      events.some((list) => list.some((a) => a.name === 'Acme' && a.sync.phase === 'running'))
    ).toBe(true)

    const back = await value(handlers.switchAccount({ id: 'single' }))
    expect(back.accounts.find((account) => account.current)?.id).toBe('single')
    expect((await listedIds(handlers)).every((id) => id.startsWith('first-'))).toBe(true)

    // A new run finds both, and the one chosen last.
    await handlers.dispose()
    const again = await value(open(store).getAppState(undefined))
    expect(again.accounts.map((account) => account.name)).toEqual([new URL(first.url).host, 'Acme'])
    expect(again.accounts[0]?.current).toBe(true)
  })

  it('keeps no account whose key the API refuses, nor a name already taken', async () => {
    const store = inspectableStore()
    const handlers = open(store)
    const refused = await failure(
      handlers.addAccount({ name: 'Acme', baseUrl: second.url, apiKey: 'sk-wrong-key-000000' })
    )
    expect(refused.code).toBe('auth')
    const taken = await failure(
      handlers.addAccount({
        name: new URL(first.url).host.toUpperCase(),
        baseUrl: second.url,
        apiKey: SECOND_KEY
      })
    )
    expect(taken).toEqual({
      code: 'invalid-input',
      message: expect.stringContaining('already exists')
    })
    const state = await value(handlers.getAppState(undefined))
    expect(state.accounts.map((account) => account.id)).toEqual(['single'])
    expect(store.entries.size).toBe(0)
  })

  it('renames an account, refusing a name another account has', async () => {
    const handlers = open(inspectableStore())
    await value(handlers.addAccount({ name: 'Acme', baseUrl: second.url, apiKey: SECOND_KEY }))
    const renamed = await value(handlers.renameAccount({ id: 'single', name: 'Head office' }))
    expect(renamed.map((account) => account.name)).toEqual(['Head office', 'Acme'])
    const clash = await failure(handlers.renameAccount({ id: 'single', name: 'acme' }))
    expect(clash.message).toBe('An account named "Acme" already exists.')
  })

  it('removes an account and its key, keeping its archive unless asked to delete it', async () => {
    const store = inspectableStore()
    await oneAccountLayout(store)
    const handlers = open(store)
    const kept = await value(
      handlers.addAccount({ name: 'Kept', baseUrl: second.url, apiKey: SECOND_KEY })
    )
    await synced(handlers)
    const keptAccount = kept.accounts[1] as AccountSummary
    const afterKept = await value(
      handlers.removeAccount({ id: keptAccount.id, deleteArchive: false })
    )
    expect(afterKept.accounts.map((account) => account.id)).toEqual(['single'])
    expect(afterKept.accounts[0]?.current).toBe(true)
    expect(existsSync(keptAccount.archivePath)).toBe(true)
    expect(store.entries.size).toBe(1)

    const gone = await value(
      handlers.addAccount({ name: 'Gone', baseUrl: second.url, apiKey: SECOND_KEY })
    )
    await synced(handlers)
    const goneAccount = gone.accounts[1] as AccountSummary
    expect(existsSync(goneAccount.archivePath)).toBe(true)
    await value(handlers.removeAccount({ id: goneAccount.id, deleteArchive: true }))
    expect(existsSync(goneAccount.archivePath)).toBe(false)
    expect(existsSync(`${goneAccount.archivePath}-wal`)).toBe(false)
    // The first account's archive and key are untouched.
    expect(existsSync(defaultArchivePath(first.url, userDataDir))).toBe(true)
    expect([...store.entries.keys()]).toEqual([apiKeyAccount(first.url)])

    const only = await failure(handlers.removeAccount({ id: 'single', deleteArchive: true }))
    expect(only.message).toContain('The only account cannot be removed')
    expect(existsSync(defaultArchivePath(first.url, userDataDir))).toBe(true)
  })

  it('looks a customer up in every account at once, each conversation labelled', async () => {
    const store = inspectableStore()
    await oneAccountLayout(store)
    const handlers = open(store)
    await value(handlers.addAccount({ name: 'Acme', baseUrl: second.url, apiKey: SECOND_KEY }))
    await synced(handlers)

    const current = await value(handlers.getCustomer({ phone: '(415) 555-0100' }))
    expect(current.accounts).toBeNull()
    expect(current.conversations.map((c) => c.id).sort()).toEqual(['second-003', 'second-020'])

    const everywhere = await value(
      handlers.getCustomer({ phone: '(415) 555-0100', allAccounts: true })
    )
    expect(everywhere.count).toBe(4)
    expect(everywhere.accounts?.map((account) => account.name)).toEqual([
      new URL(first.url).host,
      'Acme'
    ])
    expect(everywhere.conversations.map((c) => `${c.account?.name}:${c.id}`).sort()).toEqual(
      [
        `Acme:second-003`,
        `Acme:second-020`,
        `${new URL(first.url).host}:first-003`,
        `${new URL(first.url).host}:first-020`
      ].sort()
    )
    const dates = everywhere.conversations.map((c) => Date.parse(c.created_at))
    expect(dates).toEqual([...dates].sort((a, b) => b - a))

    // A conversation of the other account opens from here, by its account.
    const other = await value(handlers.getConversation({ id: 'first-003', accountId: 'single' }))
    expect(other?.id).toBe('first-003')
    expect(await value(handlers.getConversation({ id: 'first-003' }))).toBeNull()
  })

  it('shows an account the CLI added while the app runs, and keeps it through the app’s changes', async () => {
    const store = inspectableStore()
    const handlers = open(store)
    await value(handlers.getAppState(undefined))
    const cli = openAccountList(userDataDir, first.url)
    const added = cli.add({ name: 'From the CLI', baseUrl: second.url })
    const state = await value(handlers.getAppState(undefined))
    expect(state.accounts.map((account) => account.name)).toEqual([
      new URL(first.url).host,
      'From the CLI'
    ])
    await value(handlers.renameAccount({ id: 'single', name: 'Head office' }))
    expect(
      openAccountList(userDataDir, first.url)
        .all()
        .map((a) => a.name)
    ).toEqual(['Head office', 'From the CLI'])
    cli.remove(added.id)
    const after = await value(handlers.getAppState(undefined))
    expect(after.accounts.map((account) => account.name)).toEqual(['Head office'])
  })

  it('tells the window how a transcript of another account it asked for was fetched', async () => {
    const store = inspectableStore()
    await oneAccountLayout(store)
    const fetches: TranscriptFetch[] = []
    const handlers = open(store, [], fetches)
    await value(handlers.updateSettings({ transcriptBackfill: false }))
    await value(handlers.addAccount({ name: 'Acme', baseUrl: second.url, apiKey: SECOND_KEY }))
    await synced(handlers)
    const asked = await value(handlers.fetchTranscript({ id: 'first-003', accountId: 'single' }))
    expect(asked).toEqual(expect.objectContaining({ id: 'first-003', phase: 'fetching' }))
    const done = await vi.waitFor(
      () => {
        const found = fetches.find((fetch) => fetch.id === 'first-003' && fetch.phase === 'done')
        if (!found) throw new Error('not yet')
        return found
      },
      { timeout: 20_000, interval: 20 }
    )
    expect(done.accountId).toBe('single')
    const transcript = await value(handlers.getTranscript({ id: 'first-003', accountId: 'single' }))
    expect(transcript?.messages?.length).toBeGreaterThan(0)
  })
})
