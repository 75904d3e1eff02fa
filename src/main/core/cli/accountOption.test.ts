import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { archivePathOf } from '../accounts/accountPlaces'
import { accountsPath, type StoredAccount } from '../accounts/accountsFile'
import { makeRow } from '../archive/testRows'
import { archiveWith } from '../export/exportTestArchive'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import { startMockApi, type MockApi } from '../mockApi/mockApiServer'
import { defaultArchivePath } from '../paths'
import type { Conversation } from '../types'
import { useCliHome } from './testCli'

const KEY = 'account-option-key'
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

const account = (id: string, name: string, layout: 'single' | 'own' = 'own'): StoredAccount => ({
  id,
  name,
  baseUrl: mock.url,
  layout
})
const ALPHA = (): StoredAccount => account('a1a1', 'Alpha')
const BETA = (): StoredAccount => account('b2b2', 'Beta')

/** Every file under the user-data folder, as paths inside it. */
function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

/** Alpha's conversations on odd hours, Beta's on even ones: merged, they alternate. */
function archivesOfTwoAccounts(): void {
  writeAccounts([ALPHA(), BETA()])
  const at = (hour: number): string => `2025-01-20T${String(hour).padStart(2, '0')}:00:00.000Z`
  archiveWith(archivePathOf(ALPHA(), userDataDir()), [
    makeRow({ id: 'alpha-5', created_at: at(5), type: 'api' }),
    makeRow({ id: 'alpha-3', created_at: at(3) }),
    makeRow({ id: 'alpha-1', created_at: at(1) })
  ]).close()
  archiveWith(archivePathOf(BETA(), userDataDir()), [
    makeRow({ id: 'beta-4', created_at: at(4), type: 'api' }),
    makeRow({ id: 'beta-2', created_at: at(2) })
  ]).close()
}

const ids = (stdout: string): string[] => (JSON.parse(stdout) as Conversation[]).map((c) => c.id)

describe('--account', () => {
  it('routes every command to the named account’s archive, and defaults to the first account', async () => {
    archivesOfTwoAccounts()
    expect(ids((await cli(['search', '--json'])).stdout)).toEqual(['alpha-5', 'alpha-3', 'alpha-1'])
    expect(ids((await cli(['search', '--account', 'beta', '--json'])).stdout)).toEqual([
      'beta-4',
      'beta-2'
    ])
    const stats = JSON.parse((await cli(['stats', '--account', 'Beta', '--json'])).stdout) as {
      total: number
    }
    expect(stats.total).toBe(2)
    expect((await cli(['show', 'beta-4', '--account', 'Beta'])).code).toBe(0)
    expect((await cli(['show', 'beta-4'])).code).toBe(1)
    expect((await cli(['history', 'beta-2', '--account', 'Beta', '--json'])).code).toBe(0)
    const exported = await cli(['export', '--format', 'jsonl', '--account', 'Beta'])
    expect(exported.stdout.trim().split('\n')).toHaveLength(2)
    // --db still names the file, whichever account is chosen.
    const alphaFile = archivePathOf(ALPHA(), userDataDir())
    expect(
      ids((await cli(['search', '--account', 'Beta', '--db', alphaFile, '--json'])).stdout)
    ).toEqual(['alpha-5', 'alpha-3', 'alpha-1'])
  })

  it(
    'syncs the named account with its own key into its own archive',
    async () => {
      writeAccounts([ALPHA(), BETA()])
      await store().set(`${new URL(mock.url).origin} account b2b2`, KEY)
      // $AUTOCALLS_BASE_URL does not move an account named on the command line.
      const result = await cli(['sync', '--account', 'Beta', '--json'], {
        env: { AUTOCALLS_BASE_URL: 'http://127.0.0.1:9' }
      })
      expect(result.code).toBe(0)
      expect(mock.requests[0]?.authorization).toBe(`Bearer ${KEY}`)
      expect(existsSync(archivePathOf(BETA(), userDataDir()))).toBe(true)
      expect(existsSync(archivePathOf(ALPHA(), userDataDir()))).toBe(false)

      // Alpha has no key of its own: the error says so, and nothing is asked.
      const requests = mock.requests.length
      const alpha = await cli(['sync', '--account', 'Alpha'])
      expect(alpha.code).toBe(2)
      expect(alpha.stderr).toMatch(
        /^error: No API key for the account "Alpha" \(http:\/\/127\.0\.0\.1:\d+\): set AUTOCALLS_API_KEY/
      )
      expect(mock.requests).toHaveLength(requests)
    },
    SYNC_TIMEOUT_MS
  )

  it(
    'takes the first account’s API unless --base-url or $AUTOCALLS_BASE_URL says otherwise',
    async () => {
      writeAccounts([{ ...ALPHA(), baseUrl: 'http://127.0.0.1:9' }, BETA()])
      const env = { AUTOCALLS_API_KEY: KEY }
      expect(
        (await cli(['sync', '--quick'], { env: { ...env, AUTOCALLS_BASE_URL: mock.url } })).code
      ).toBe(0)
      // The first account's archive, at the host it was pointed to.
      expect(existsSync(archivePathOf(ALPHA(), userDataDir()))).toBe(true)
      // --base-url comes before $AUTOCALLS_BASE_URL, with an account named or without.
      const elsewhere = { ...env, AUTOCALLS_BASE_URL: 'http://127.0.0.1:9' }
      for (const chosen of [[], ['--account', 'Alpha']]) {
        const before = mock.requests.length
        const args = ['sync', '--quick', ...chosen, '--base-url', mock.url]
        expect((await cli(args, { env: elsewhere })).code, args.join(' ')).toBe(0)
        expect(mock.requests.length).toBeGreaterThan(before)
      }
    },
    SYNC_TIMEOUT_MS
  )

  it('refuses an unknown account in one line with exit 2, for every command, asking and writing nothing', async () => {
    mkdirSync(userDataDir(), { recursive: true })
    writeFileSync(join(userDataDir(), 'settings.json'), JSON.stringify({ baseUrl: mock.url }))
    const host = new URL(mock.url).host
    const commands = [
      ['sync'],
      ['sync', '--messages'],
      ['search', '--text', 'x'],
      ['show', 'c-1'],
      ['history', 'c-1'],
      ['stats'],
      ['export', '--format', 'csv', '--out', join(userDataDir(), 'out.csv')]
    ]
    for (const command of commands) {
      const result = await cli([...command, '--account', 'Nope'], {
        env: { AUTOCALLS_API_KEY: KEY }
      })
      expect(result.code, command.join(' ')).toBe(2)
      expect(result.stderr).toBe(`error: No account is named "Nope". The accounts are: ${host}.\n`)
      expect(result.stdout).toBe('')
    }
    const removed = await cli(['accounts', 'remove', 'Nope'])
    expect(removed.code).toBe(2)
    expect(removed.stderr).toBe(`error: No account is named "Nope". The accounts are: ${host}.\n`)
    expect(mock.requests).toHaveLength(0)
    expect(filesIn(userDataDir())).toEqual(['settings.json'])
  })
  it(
    'leaves the app’s folder unread when --db, --base-url and $AUTOCALLS_API_KEY say everything',
    async () => {
      // An accounts file that is not valid is set aside when read: here it must stay as it is.
      mkdirSync(userDataDir(), { recursive: true })
      writeFileSync(accountsPath(userDataDir()), 'not json')
      const db = join(userDataDir(), '..', 'elsewhere.sqlite3')
      const sync = await cli(['sync', '--db', db, '--base-url', mock.url], {
        env: { AUTOCALLS_API_KEY: KEY }
      })
      expect(sync.code).toBe(0)
      expect((await cli(['stats', '--db', db, '--json'])).code).toBe(0)
      expect(filesIn(userDataDir())).toEqual(['accounts.json'])
    },
    SYNC_TIMEOUT_MS
  )
})

describe('search --all-accounts', () => {
  it('merges every account’s matches newest first up to --limit, each naming its account', async () => {
    archivesOfTwoAccounts()
    const result = await cli(['search', '--all-accounts', '--json'])
    expect(result.code).toBe(0)
    const found = JSON.parse(result.stdout) as (Conversation & { account: string })[]
    expect(found.map((c) => [c.id, c.account])).toEqual([
      ['alpha-5', 'Alpha'],
      ['beta-4', 'Beta'],
      ['alpha-3', 'Alpha'],
      ['beta-2', 'Beta'],
      ['alpha-1', 'Alpha']
    ])
    expect(Object.keys(found[0]!).at(-1)).toBe('account')

    const limited = await cli(['search', '--all-accounts', '--limit', '3', '--json'])
    expect(ids(limited.stdout)).toEqual(['alpha-5', 'beta-4', 'alpha-3'])
    const filtered = await cli(['search', '--all-accounts', '--type', 'api', '--json'])
    expect(ids(filtered.stdout)).toEqual(['alpha-5', 'beta-4'])

    const text = await cli(['search', '--all-accounts', '--limit', '2'])
    const lines = text.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^ACCOUNT\s+CREATED \(UTC\)\s+TYPE/)
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['Alpha', 'Beta'])
  })

  it('leaves out an account not synced yet, and names one whose archive cannot be read', async () => {
    writeAccounts([ALPHA(), BETA(), account('c3c3', 'Gamma')])
    archiveWith(archivePathOf(BETA(), userDataDir()), [makeRow({ id: 'beta-only' })]).close()
    expect(ids((await cli(['search', '--all-accounts', '--json'])).stdout)).toEqual(['beta-only'])

    const gamma = archivePathOf(account('c3c3', 'Gamma'), userDataDir())
    mkdirSync(join(gamma, '..'), { recursive: true })
    writeFileSync(gamma, 'not a database, but long enough to be read as one '.repeat(200))
    const result = await cli(['search', '--all-accounts', '--json'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^error: The account "Gamma" cannot be searched: .+\n$/)
  })

  it('is a usage error with --account, --db or --base-url', async () => {
    archivesOfTwoAccounts()
    for (const extra of [
      ['--account', 'Alpha'],
      ['--db', 'x.sqlite3'],
      ['--base-url', mock.url]
    ]) {
      const result = await cli(['search', '--all-accounts', ...extra])
      expect(result.code, extra.join(' ')).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
  })
})

describe('the single setup from before accounts', () => {
  it(
    'works unchanged: settings.json’s API, the archive per host, the key under the origin; no accounts.json',
    async () => {
      // The layout the app wrote before accounts: its settings, its archive, its keychain entry.
      mkdirSync(userDataDir(), { recursive: true })
      writeFileSync(join(userDataDir(), 'settings.json'), JSON.stringify({ baseUrl: mock.url }))
      await store().set(new URL(mock.url).origin, KEY)

      const sync = await cli(['sync', '--json'])
      expect(sync.code).toBe(0)
      expect(mock.requests[0]?.authorization).toBe(`Bearer ${KEY}`)
      const archive = defaultArchivePath(mock.url, userDataDir())
      expect(existsSync(archive)).toBe(true)

      expect(ids((await cli(['search', '--json'])).stdout)).toHaveLength(3)
      expect(ids((await cli(['search', '--all-accounts', '--json'])).stdout)).toHaveLength(3)
      const listed = JSON.parse((await cli(['accounts', '--json'])).stdout) as unknown[]
      expect(listed).toEqual([
        expect.objectContaining({ name: new URL(mock.url).host, archive, conversations: 3 })
      ])
      // The account is named by its host there, as the app will name it.
      const named = await cli(['stats', '--account', new URL(mock.url).host, '--json'])
      expect(JSON.parse(named.stdout)).toMatchObject({ total: 3 })

      expect(existsSync(accountsPath(userDataDir()))).toBe(false)
    },
    SYNC_TIMEOUT_MS
  )
})
