import Database from 'better-sqlite3'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { accountArchiveFolder, archivePathOf, keyEntryOf } from '../accounts/accountPlaces'
import { accountsPath, readAccountsFile, type StoredAccount } from '../accounts/accountsFile'
import { SecretStoreUnavailableError } from '../errors'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import { startMockApi, type MockApi } from '../mockApi/mockApiServer'
import { archiveFileName, defaultArchivePath } from '../paths'
import { createMemorySecretStore } from '../secrets/memorySecretStore'
import type { SecretStore } from '../secrets/secretStore'
import { useCliHome } from './testCli'

const KEY = 'accounts-test-key'
const { cli, store, userDataDir, writeAccounts } = useCliHome()
let mock: MockApi
/** Tests that sync: a sync takes a second or two on a loaded machine. */
const SYNC_TIMEOUT_MS = 30_000

beforeEach(async () => {
  mock = await startMockApi({ apiKey: KEY, conversations: [...DOC_EXAMPLE_CONVERSATIONS] })
})

afterEach(async () => {
  await mock.close()
})

const single = (): StoredAccount => ({
  id: 'single',
  name: 'Main',
  baseUrl: mock.url,
  layout: 'single'
})
const own = (id: string, name: string): StoredAccount => ({
  id,
  name,
  baseUrl: mock.url,
  layout: 'own'
})

/** The settings of the app from before accounts: its one API, the mock. */
function writeSingleSettings(): void {
  mkdirSync(userDataDir(), { recursive: true })
  writeFileSync(join(userDataDir(), 'settings.json'), JSON.stringify({ baseUrl: mock.url }))
}

const savedAccounts = (): StoredAccount[] => readAccountsFile(userDataDir())?.accounts ?? []

interface AccountJson {
  name: string
  default: boolean
  base_url: string
  archive: string
  conversations: number | null
  last_sync_at: string | null
  error: string | null
}

describe('cli accounts', () => {
  it(
    'lists each account with its archive: synced, never synced, and not an archive',
    async () => {
      writeAccounts([single(), own('b0b0', 'Beta'), own('c0c0', 'Broken')])
      expect((await cli(['sync'], { env: { AUTOCALLS_API_KEY: KEY } })).code).toBe(0)
      const broken = archivePathOf(own('c0c0', 'Broken'), userDataDir())
      mkdirSync(dirname(broken), { recursive: true })
      const other = new Database(broken)
      other.exec('CREATE TABLE notes (body TEXT)')
      other.close()
      const listBefore = readFileSync(accountsPath(userDataDir()), 'utf8')

      const json = await cli(['accounts', '--json'])
      expect(json.code).toBe(0)
      const rows = JSON.parse(json.stdout) as AccountJson[]
      expect(rows.map((row) => [row.name, row.default, row.conversations])).toEqual([
        ['Main', true, 3],
        ['Beta', false, 0],
        ['Broken', false, null]
      ])
      expect(rows[0]).toMatchObject({
        base_url: mock.url,
        archive: defaultArchivePath(mock.url, userDataDir()),
        error: null
      })
      expect(Date.parse(rows[0]!.last_sync_at!)).not.toBeNaN()
      expect(rows[1]).toMatchObject({
        archive: join(accountArchiveFolder(userDataDir(), 'b0b0'), archiveFileName(mock.url)),
        last_sync_at: null,
        error: null
      })
      expect(rows[2]?.error).toMatch(/is not a Conversation Browser archive/)

      const text = await cli(['accounts'])
      expect(text.code).toBe(0)
      const lines = text.stdout.trimEnd().split('\n')
      expect(lines[0]).toMatch(/^NAME\s+API\s+CONVERSATIONS\s+LAST SYNC \(UTC\)\s+ARCHIVE$/)
      expect(lines[1]).toMatch(
        /^Main \(default\)\s+http:\/\/127\.0\.0\.1:\d+\s+3\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+\//
      )
      expect(lines[2]).toMatch(/^Beta\s+\S+\s+0\s+never\s+\//)
      expect(lines[3]).toMatch(/^Broken\s+\S+\s+-\s+-\s+\//)
      expect(lines[4]).toMatch(/^ {4}The file .* is not a Conversation Browser archive/)
      expect(lines).toHaveLength(5)
      // Listing reads: the file is as it was.
      expect(readFileSync(accountsPath(userDataDir()), 'utf8')).toBe(listBefore)
    },
    SYNC_TIMEOUT_MS
  )

  it('refuses flags that belong to another accounts command, and unknown actions', async () => {
    for (const args of [
      ['accounts', '--delete-archive'],
      ['accounts', 'add', 'X', '--delete-archive'],
      ['accounts', 'remove', 'X', '--base-url', mock.url],
      ['accounts', 'rename', 'X'],
      ['accounts', 'add'],
      ['accounts', '--account', 'X'],
      ['accounts', 'add', '  ']
    ]) {
      const result = await cli(args)
      expect(result.code, args.join(' ')).toBe(2)
    }
    expect(existsSync(accountsPath(userDataDir()))).toBe(false)
  })
})

describe('cli accounts add', () => {
  it(
    'takes the key from AUTOCALLS_API_KEY, checks it, and keeps it in the account’s own keychain entry',
    async () => {
      writeSingleSettings()
      const result = await cli(['accounts', 'add', 'Acme', '--base-url', mock.url], {
        env: { AUTOCALLS_API_KEY: KEY }
      })
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/^Added the account "Acme" \(http:\/\/127\.0\.0\.1:\d+\)/)
      expect(mock.requests.map((request) => request.authorization)).toEqual([`Bearer ${KEY}`])
      // The single account became the first, as the app upgrades it; the new one follows.
      const accounts = savedAccounts()
      expect(accounts.map((account) => [account.name, account.layout])).toEqual([
        [new URL(mock.url).host, 'single'],
        ['Acme', 'own']
      ])
      const acme = accounts[1]!
      expect(await store().get(keyEntryOf(acme))).toBe(KEY)
      // The key is in the keychain alone: not in the list, not in what was printed.
      expect(readFileSync(accountsPath(userDataDir()), 'utf8')).not.toContain(KEY)
      expect(result.stdout + result.stderr).not.toContain(KEY)
      expect(await store().get(new URL(mock.url).origin)).toBeNull()

      // Its sync reads that entry and fills its own archive, not the single account's.
      const sync = await cli(['sync', '--account', 'acme'])
      expect(sync.code).toBe(0)
      expect(mock.requests.at(-1)?.authorization).toBe(`Bearer ${KEY}`)
      expect(existsSync(archivePathOf(acme, userDataDir()))).toBe(true)
      expect(existsSync(defaultArchivePath(mock.url, userDataDir()))).toBe(false)
    },
    SYNC_TIMEOUT_MS
  )

  it('reads the key as the first line of standard input when the environment has none', async () => {
    const stdin = Readable.from([`${KEY}\n`, 'not read\n'])
    const result = await cli(['accounts', 'add', 'Piped', '--base-url', mock.url], { stdin })
    expect(result.code).toBe(0)
    const piped = savedAccounts().find((account) => account.name === 'Piped')!
    expect(await store().get(keyEntryOf(piped))).toBe(KEY)
  })

  it('prompts on a terminal without echoing the key typed', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true })
    const running = cli(['accounts', 'add', 'Typed', '--base-url', mock.url], { stdin })
    stdin.write(`${KEY}\r`)
    const result = await running
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('API key for "Typed" (not shown): \n')
    expect(result.stdout).not.toContain(KEY)
    const typed = savedAccounts().find((account) => account.name === 'Typed')!
    expect(await store().get(keyEntryOf(typed))).toBe(KEY)
  })

  it('never takes the key as an argument', async () => {
    for (const args of [
      ['accounts', 'add', 'Acme', KEY],
      ['accounts', 'add', 'Acme', '--key', KEY],
      ['accounts', 'add', 'Acme', `--api-key=${KEY}`]
    ]) {
      const result = await cli([...args, '--base-url', mock.url])
      expect(result.code, args.join(' ')).toBe(2)
    }
    expect(mock.requests).toHaveLength(0)
    expect(existsSync(accountsPath(userDataDir()))).toBe(false)
  })

  it('says so in one line when no key was given at all', async () => {
    const result = await cli(['accounts', 'add', 'Acme', '--base-url', mock.url], {
      stdin: Readable.from([])
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error: No API key was given: set AUTOCALLS_API_KEY, or write the key as one line on standard input.\n'
    )
    expect(mock.requests).toHaveLength(0)
  })

  it('keeps no account and no key when the API refuses the key', async () => {
    writeAccounts([single()])
    const before = readFileSync(accountsPath(userDataDir()), 'utf8')
    const sets: string[] = []
    const recording: SecretStore = {
      ...store(),
      set: async (entry, secret) => {
        sets.push(entry)
        await store().set(entry, secret)
      }
    }
    const result = await cli(['accounts', 'add', 'Acme', '--base-url', mock.url], {
      env: { AUTOCALLS_API_KEY: 'wrong' },
      store: recording
    })
    expect(result.code).toBe(3)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(
      /^error: The API refused the API key \(HTTP 401.*The account "Acme" was not added\.\n$/
    )
    expect(readFileSync(accountsPath(userDataDir()), 'utf8')).toBe(before)
    expect(sets).toEqual([])
  })

  it('takes the account back when the keychain does not take the key', async () => {
    const failing: SecretStore = {
      ...createMemorySecretStore(),
      set: () =>
        Promise.reject(new SecretStoreUnavailableError('The system keychain is not available.'))
    }
    const result = await cli(['accounts', 'add', 'Acme', '--base-url', mock.url], {
      env: { AUTOCALLS_API_KEY: KEY },
      store: failing
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'error: The system keychain is not available. The account "Acme" was not added.\n'
    )
    // There was no list before: there is none after.
    expect(existsSync(accountsPath(userDataDir()))).toBe(false)

    writeAccounts([single(), own('b0b0', 'Beta')])
    const again = await cli(['accounts', 'add', 'Acme', '--base-url', mock.url], {
      env: { AUTOCALLS_API_KEY: KEY },
      store: failing
    })
    expect(again.code).toBe(1)
    expect(savedAccounts().map((account) => account.name)).toEqual(['Main', 'Beta'])
  })

  it('exits 2 on a name already taken, in any case, before reading a key or asking the API', async () => {
    writeAccounts([single(), own('b0b0', 'Beta')])
    const before = readFileSync(accountsPath(userDataDir()), 'utf8')
    const stdin = Readable.from([`${KEY}\n`])
    const result = await cli(['accounts', 'add', ' beta ', '--base-url', mock.url], { stdin })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('error: An account named "Beta" already exists.\n')
    expect(mock.requests).toHaveLength(0)
    expect(readFileSync(accountsPath(userDataDir()), 'utf8')).toBe(before)
  })
})

describe('cli accounts remove', () => {
  async function twoAccounts(): Promise<StoredAccount> {
    writeSingleSettings()
    const added = await cli(['accounts', 'add', 'Acme', '--base-url', mock.url], {
      env: { AUTOCALLS_API_KEY: KEY }
    })
    expect(added.code).toBe(0)
    expect((await cli(['sync', '--account', 'Acme'])).code).toBe(0)
    const acme = savedAccounts()[1]!
    expect(existsSync(archivePathOf(acme, userDataDir()))).toBe(true)
    return acme
  }

  it(
    'removes the account and its key, and keeps its archive',
    async () => {
      const acme = await twoAccounts()
      const archive = archivePathOf(acme, userDataDir())
      const result = await cli(['accounts', 'remove', 'ACME'])
      expect(result.code).toBe(0)
      expect(result.stdout).toBe(
        `Removed the account "Acme": its key was deleted from the keychain; its archive is kept at ${archive}.\n`
      )
      expect(savedAccounts().map((account) => account.name)).toEqual([new URL(mock.url).host])
      expect(await store().get(keyEntryOf(acme))).toBeNull()
      expect(existsSync(archive)).toBe(true)
    },
    SYNC_TIMEOUT_MS
  )

  it(
    'deletes its archive too with --delete-archive',
    async () => {
      const acme = await twoAccounts()
      const archive = archivePathOf(acme, userDataDir())
      const result = await cli(['accounts', 'remove', 'Acme', '--delete-archive'])
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/its archive .* was deleted\.\n$/)
      expect(existsSync(archive)).toBe(false)
      expect(existsSync(accountArchiveFolder(userDataDir(), acme.id))).toBe(false)
      expect(await store().get(keyEntryOf(acme))).toBeNull()
    },
    SYNC_TIMEOUT_MS
  )

  it('refuses to remove the only account, and writes nothing', async () => {
    writeSingleSettings()
    await store().set(new URL(mock.url).origin, KEY)
    const result = await cli(['accounts', 'remove', new URL(mock.url).host, '--delete-archive'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `error: "${new URL(mock.url).host}" is the only account, and the only account cannot be removed.\n`
    )
    expect(existsSync(accountsPath(userDataDir()))).toBe(false)
    expect(await store().get(new URL(mock.url).origin)).toBe(KEY)
  })
})
