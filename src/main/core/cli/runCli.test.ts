import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import { startMockApi, type MockApi } from '../mockApi/mockApiServer'
import { createMemorySecretStore } from '../secrets/memorySecretStore'
import type { SecretStore } from '../secrets/secretStore'
import type { Conversation } from '../types'
import { runCli } from './runCli'

const KEY = 'cli-test-key'
let dir: string
let db: string
let mock: MockApi

function sink(): Writable & { text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    }
  })
  return Object.assign(stream, { text: () => chunks.join('') })
}

async function cli(
  args: string[],
  env: NodeJS.ProcessEnv = { AUTOCALLS_API_KEY: KEY },
  secretStore: SecretStore = createMemorySecretStore()
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink()
  const stderr = sink()
  // The app's folder (its accounts, settings) is this test's, never the person's running it.
  const home = { XDG_CONFIG_HOME: dir, APPDATA: dir }
  const code = await runCli(args, { env: { ...home, ...env }, stdout, stderr, secretStore })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

const withDb = (...args: string[]): string[] => [...args, '--db', db, '--base-url', mock.url]

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cb-cli-'))
  db = join(dir, 'archive.sqlite3')
  mock = await startMockApi({ apiKey: KEY, conversations: [...DOC_EXAMPLE_CONVERSATIONS] })
})

afterEach(async () => {
  await mock.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('cli sync', () => {
  it('prints progress on stderr and a JSON summary on stdout', async () => {
    const result = await cli(withDb('sync', '--json'))
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ complete: true, inserted: 3, rows: 3 })
    expect(result.stderr).toMatch(/full sync: 1 page, 3 rows/)
    // Off a terminal, the last progress line is not repeated when the sync ends.
    expect(result.stderr.match(/full sync: 1 page, 3 rows/g)).toHaveLength(1)
    expect(result.stderr).toMatch(/Full sync done/)
  })

  it('reads the key from the keychain entry the app saves when the environment has none', async () => {
    const store = createMemorySecretStore()
    await store.set(new URL(mock.url).origin, KEY)
    const result = await cli(withDb('sync'), {}, store)
    expect(result.code).toBe(0)
    expect(mock.requests[0]?.authorization).toBe(`Bearer ${KEY}`)
  })

  it('exits 2 with one clear line when there is no key at all', async () => {
    const result = await cli(withDb('sync'), {})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^error: No API key for http:\/\/127\.0\.0\.1:\d+: set AUTOCALLS_API_KEY/
    )
  })

  it('exits 3 when the API refuses the key, leaving the archive untouched', async () => {
    const result = await cli(withDb('sync'), { AUTOCALLS_API_KEY: 'wrong' })
    expect(result.code).toBe(3)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/API key/)
    expect((await cli(withDb('stats', '--json'))).stdout).toContain('"total": 0')
  })

  it('exits 4 when the server cannot be reached', async () => {
    await mock.close()
    const result = await cli(['sync', '--db', db, '--base-url', 'http://127.0.0.1:9'])
    expect(result.code).toBe(4)
    // Retry notices come first, as progress; the failure itself is the one last line.
    const lines = result.stderr.trim().split('\n')
    expect(lines.at(-1)).toMatch(/^error: .*127\.0\.0\.1:9.*kept failing/)
    expect(lines.slice(0, -1).every((line) => line.startsWith('retrying in '))).toBe(true)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    mock = await startMockApi({ apiKey: KEY })
  }, 60_000)

  it('refuses a plain-http API address off this computer in one line, before any request', async () => {
    const result = await cli(['sync', '--db', db, '--base-url', 'http://app.autocalls.ai'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error: The API address "http://app.autocalls.ai" must start with https://: plain http:// is only for a server on this computer (localhost).\n'
    )
  })

  it.skipIf(process.platform === 'win32')(
    'creates the archive 0600 and its folders 0700, whatever the umask',
    async () => {
      const umask = process.umask(0)
      try {
        const file = join(dir, 'data', 'archives', 'a.sqlite3')
        expect((await cli(['sync', '--db', file, '--base-url', mock.url])).code).toBe(0)
        const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8)
        expect(mode(file)).toBe('600')
        expect(mode(join(dir, 'data'))).toBe('700')
        expect(mode(join(dir, 'data', 'archives'))).toBe('700')
      } finally {
        process.umask(umask)
      }
    }
  )

  it('exits 2 on bad usage', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2)
    expect((await cli(withDb('search', '--limit', 'ten'))).code).toBe(2)
    expect((await cli(withDb('search', '--bogus'))).code).toBe(2)
    expect((await cli(['show'])).code).toBe(2)
  })
})

describe('cli search, show and stats', () => {
  beforeEach(async () => {
    expect((await cli(withDb('sync'))).code).toBe(0)
  })

  it('finds the WhatsApp customer by any spelling of the phone number', async () => {
    for (const spelling of ['+1 (415) 555-9876', '4155559876', '555-9876']) {
      const result = await cli(withDb('search', '--phone', spelling, '--json'))
      expect(result.code).toBe(0)
      const found = JSON.parse(result.stdout) as Conversation[]
      expect(found.map((c) => c.id)).toEqual(['8d0f7780-8536-51ef-055c-f18fd2g01bf8'])
    }
  })

  it('prints conversations with the API’s field names and normalised values', async () => {
    const result = await cli(withDb('search', '--type', 'api', '--json'))
    const [conversation] = JSON.parse(result.stdout) as Conversation[]
    expect(conversation).toEqual({
      id: '9e1g8891-9647-62fg-166d-g29ge3h12cg9',
      assistant_id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
      assistant_name: 'Support Assistant',
      type: 'api',
      variables: { lead_id: '12345', source: 'website' },
      external_identifier: 'crm-lead-12345',
      message_count: 5,
      total_cost: 0.0021,
      ai_enabled: true,
      created_at: '2025-01-25T09:00:00.000Z',
      updated_at: '2025-01-25T09:15:30.000Z',
      whatsapp_sender: null,
      customer: null,
      removed_at: null
    })
  })

  it('filters by external id, text, date and assistant, newest first', async () => {
    const ids = async (...args: string[]): Promise<string[]> =>
      (JSON.parse((await cli(withDb('search', ...args, '--json'))).stdout) as Conversation[]).map(
        (c) => c.id
      )
    expect(await ids('--external-id', 'crm-lead-12345')).toEqual([
      '9e1g8891-9647-62fg-166d-g29ge3h12cg9'
    ])
    expect(await ids('--text', 'jane')).toEqual(['7c9e6679-7425-40de-944b-e07fc1f90ae7'])
    expect(await ids('--from', '2025-01-25T10:00:00Z')).toEqual([
      '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      '8d0f7780-8536-51ef-055c-f18fd2g01bf8'
    ])
    expect(
      await ids('--assistant-id', 'a1b2c3d4-5678-90ab-cdef-1234567890ab', '--limit', '1')
    ).toEqual(['7c9e6679-7425-40de-944b-e07fc1f90ae7'])
    expect(await ids('--sender-phone', '5551234')).toEqual(['8d0f7780-8536-51ef-055c-f18fd2g01bf8'])
  })

  it('shows one conversation, and exits 1 for an unknown id', async () => {
    const shown = await cli(withDb('show', '8d0f7780-8536-51ef-055c-f18fd2g01bf8', '--json'))
    expect(JSON.parse(shown.stdout)).toMatchObject({
      customer: { name: 'John Doe', phone: '+14155559876' },
      whatsapp_sender: { name: 'Acme Corp Support', phone: '+14155551234' },
      variables: null
    })
    const text = await cli(withDb('show', '8d0f7780-8536-51ef-055c-f18fd2g01bf8'))
    expect(text.stdout).toMatch(/customer\s+John Doe \+14155559876/)

    const missing = await cli(withDb('show', 'nope'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe('error: No conversation with id "nope" in the archive.\n')
  })

  it('prints stats in the documented shape', async () => {
    const stats = JSON.parse((await cli(withDb('stats', '--json'))).stdout) as Record<
      string,
      unknown
    >
    expect(stats).toMatchObject({
      total: 3,
      by_type: { widget: 1, whatsapp: 1, api: 1 },
      by_assistant: [
        {
          assistant_id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
          assistant_name: 'Support Assistant',
          count: 3
        }
      ]
    })
    expect(stats['total_cost']).toBeCloseTo(0.0098, 10)
  })

  it('refuses a NUL character in any search flag with one line, before opening the archive', async () => {
    // A shell cannot pass one in argv, but runCli takes any array.
    for (const flag of ['--text', '--phone', '--external-id', '--type']) {
      const result = await cli(['search', flag, 'a\u0000b', '--db', join(dir, 'none.sqlite3')])
      expect(result.code, flag).toBe(2)
      expect(result.stderr).toBe(`error: ${flag} must not contain a NUL character.\n`)
    }
  })

  it('refuses a file that is not an archive in one line, with every command, leaving it as it was', async () => {
    const other = join(dir, 'other.db')
    const setup = new Database(other)
    setup.exec(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes VALUES (1, 'x')"
    )
    setup.close()
    const before = readFileSync(other)
    // This block's beforeEach synced another archive; nothing more may be asked of the API.
    const requestsBefore = mock.requests.length
    const commands = [
      ['sync'],
      ['sync', '--quick', '--messages'],
      ['search', '--text', 'x'],
      ['show', 'c-1'],
      ['history', 'c-1'],
      ['stats'],
      ['export', '--format', 'csv', '--out', join(dir, 'out.csv')]
    ]
    for (const command of commands) {
      const result = await cli([...command, '--db', other, '--base-url', mock.url])
      expect(result.code, command.join(' ')).toBe(1)
      expect(result.stderr).toBe(
        `error: The file ${other} is not a Conversation Browser archive: it is another program's SQLite database. It was left as it is.\n`
      )
      expect(readFileSync(other).equals(before), command.join(' ')).toBe(true)
      expect(mock.requests, command.join(' ')).toHaveLength(requestsBefore)
    }
  })

  it('tells the user to sync first when there is no archive', async () => {
    const result = await cli(['search', '--db', join(dir, 'missing.sqlite3')])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/No archive at .* yet: run "sync" first/)
  })
})

const NOT_FOUND_BODY = JSON.stringify({ status: false, error: 'Conversation not found' })

interface SyncJson {
  rows: number
  transcripts?: { fetched: number; not_found: number; failed: number; remaining: number }
}

describe('cli sync --messages and history', () => {
  const ids = DOC_EXAMPLE_CONVERSATIONS.map((c) => c.id)
  const transcriptRequests = (): string[] =>
    mock.requests
      .filter((request) => request.path.startsWith('/api/conversations/'))
      .map((request) => decodeURIComponent(request.path.slice('/api/conversations/'.length)))

  it('fetches every transcript after the list, newest first, with progress and counts', async () => {
    const result = await cli(withDb('sync', '--messages', '--json'))
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout) as SyncJson
    expect(summary).toMatchObject({ rows: 3 })
    expect(summary.transcripts).toEqual({ fetched: 3, not_found: 0, failed: 0, remaining: 0 })
    expect(transcriptRequests()).toEqual(ids)
    expect(result.stderr).toMatch(/^3 of 3 transcripts$/m)
    expect(result.stderr).toMatch(/Transcripts: 3 fetched, 0 no longer on the server, 0 failed/)

    // Nothing changed: nothing is asked for again.
    const again = JSON.parse((await cli(withDb('sync', '--messages', '--json'))).stdout) as SyncJson
    expect(again.transcripts).toEqual({ fetched: 0, not_found: 0, failed: 0, remaining: 0 })
    expect(transcriptRequests()).toHaveLength(3)
  })

  it('refetches only the conversations the list shows changed', async () => {
    await cli(withDb('sync', '--messages'))
    const changed = mock.updateConversation(ids[1]!)
    const result = JSON.parse(
      (await cli(withDb('sync', '--messages', '--json'))).stdout
    ) as SyncJson
    expect(result.transcripts?.fetched).toBe(1)
    expect(transcriptRequests().slice(3)).toEqual([ids[1]])
    const history = JSON.parse((await cli(withDb('history', ids[1]!, '--json'))).stdout) as {
      messages: unknown[]
    }
    expect(history.messages).toEqual(mock.transcript(ids[1]!))
    expect(history.messages).toHaveLength(changed.message_count as number)
  })

  it('records a conversation the server lost, keeps going past a rejected one, and asks no more', async () => {
    mock.injectFault(
      { kind: 'status', status: 404, body: NOT_FOUND_BODY, contentType: 'application/json' },
      1,
      'conversation'
    )
    mock.injectFault(
      {
        kind: 'status',
        status: 422,
        body: '{"message":"Unprocessable."}',
        contentType: 'application/json'
      },
      1,
      'conversation'
    )
    const first = JSON.parse((await cli(withDb('sync', '--messages', '--json'))).stdout) as SyncJson
    expect(first.transcripts).toEqual({ fetched: 1, not_found: 1, failed: 1, remaining: 1 })
    const second = JSON.parse(
      (await cli(withDb('sync', '--messages', '--json'))).stdout
    ) as SyncJson
    expect(second.transcripts).toEqual({ fetched: 1, not_found: 0, failed: 0, remaining: 0 })
    expect(transcriptRequests()).toEqual([...ids, ids[1]])
  })

  it('prints the archived transcript as JSON in the documented shape', async () => {
    const before = await cli(withDb('history', ids[0]!, '--json'))
    expect(before.code).toBe(1)
    await cli(withDb('sync'))
    const never = JSON.parse((await cli(withDb('history', ids[0]!, '--json'))).stdout)
    expect(never).toEqual({ id: ids[0], fetched_at: null, messages: null })

    await cli(withDb('sync', '--messages'))
    const result = await cli(withDb('history', ids[0]!, '--json'))
    expect(result.code).toBe(0)
    const history = JSON.parse(result.stdout) as Record<string, unknown>
    expect(Object.keys(history)).toEqual(['id', 'fetched_at', 'messages'])
    expect(history['id']).toBe(ids[0])
    expect(Date.parse(history['fetched_at'] as string)).not.toBeNaN()
    expect(history['messages']).toEqual(mock.transcript(ids[0]!))
  })

  it('prints the transcript as readable text', async () => {
    await cli(withDb('sync', '--messages'))
    const result = await cli(withDb('history', ids[1]!))
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(`Transcript of conversation ${ids[1]}`)
    expect(lines[1]).toMatch(/^Fetched \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
    const turns = lines.slice(3).filter((line) => !line.startsWith(' '))
    expect(turns.length).toBe(mock.transcript(ids[1]!).length)
    expect(turns.every((line) => /^(Customer|Assistant): /.test(line))).toBe(true)
  })

  it('says in one line that the archive has no such conversation', async () => {
    await cli(withDb('sync'))
    const missing = await cli(withDb('history', 'nope'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe('error: No conversation with id "nope" in the archive.\n')
    expect((await cli(withDb('history'))).code).toBe(2)
    expect((await cli(withDb('history', 'a', 'b'))).code).toBe(2)
  })

  it('finds a conversation by words of its messages, and shows where', async () => {
    await cli(withDb('sync', '--messages'))
    const content = mock.transcript(ids[2]!).find((m) => m.role === 'user')?.content ?? ''
    const word = content.split(/[^\p{L}]+/u).find((w) => w.length >= 5)
    expect(word).toBeDefined()
    const json = await cli(withDb('search', '--text', word!, '--json'))
    expect((JSON.parse(json.stdout) as Conversation[]).map((c) => c.id)).toContain(ids[2])
    const text = await cli(withDb('search', '--text', word!))
    expect(text.stdout).toMatch(new RegExp(`^    Customer, message \\d+: .*\\[${word}\\]`, 'imu'))
  })
})
