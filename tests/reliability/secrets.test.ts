import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import type { IpcResult, SyncStatus } from '../../src/shared/ipc/contract'
import { createIpcHandlers, type IpcHandlers } from '../../src/main/core/ipc/createIpcHandlers'
import { startMockApi, type MockApi } from '../../src/main/core/mockApi/mockApiServer'
import { createMemorySecretStore } from '../../src/main/core/secrets/memorySecretStore'
import { SOURCE_WRITER_ENTRY } from '../../src/main/core/sync/writerEntry'
import { SOURCE_READER_ENTRY } from '../../src/main/core/reader/readerEntry'
import { recordProof } from './support/proofRecord'

/**
 * Secrets: a session through the app's handler table (save the key, a full sync, the transcript
 * backfill, a transcript fetched and saved by hand) and the CLI, with the errors a server can
 * provoke, from one that echoes the key back in every kind of body. Then everything the app
 * wrote or said is searched for the key: the archive with its WAL and shared memory, the
 * settings, the saved transcript, every IPC answer and event, the logs (console and stderr), the
 * CLI's output and a crash's, and a build of the app made with the key in its environment.
 */

const KEY = 'sk-live-RELIABILITY-0f9e8d7c6b5a4321'
const ROWS = 80
const root = join(__dirname, '../..')
let dir: string
let mock: MockApi
let handlers: IpcHandlers
const said: unknown[] = []
const logs: string[] = []
const places: string[][] = []
let restoreLogs: () => void = () => undefined

/** The key as bytes in the encodings a leak could take: UTF-8, UTF-16, base64, URL-encoded. */
const NEEDLES = [
  Buffer.from(KEY, 'utf8'),
  Buffer.from(KEY, 'utf16le'),
  Buffer.from(Buffer.from(`Bearer ${KEY}`).toString('base64')),
  Buffer.from(Buffer.from(KEY).toString('base64')),
  Buffer.from(encodeURIComponent(`Bearer ${KEY}`))
]

function leaks(bytes: Buffer): boolean {
  return NEEDLES.some((needle) => bytes.includes(needle))
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)))
}

/** Searches every file under `path` (each whole, bytes as written) and records the place. */
function checkFiles(place: string, path: string): string[] {
  const files = filesUnder(path)
  const leaking = files.filter((file) => leaks(readFileSync(file)))
  places.push([
    place,
    `${files.length} file${files.length === 1 ? '' : 's'}`,
    leaking.length === 0 ? 'absent' : `FOUND in ${leaking.length}`
  ])
  return leaking.map((file) => relative(path, file))
}

function checkText(place: string, items: number, text: string): boolean {
  const found = leaks(Buffer.from(text))
  places.push([place, `${items} item${items === 1 ? '' : 's'}`, found ? 'FOUND' : 'absent'])
  return found
}

async function answer<T>(result: Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  const value = await result
  said.push(value)
  return value
}

async function syncEnded(): Promise<SyncStatus> {
  return vi.waitFor(
    async () => {
      const state = await answer(handlers.getAppState(undefined))
      if (!state.ok || state.value.sync.phase !== 'idle') throw new Error('sync running')
      return state.value.sync
    },
    { timeout: 30_000, interval: 20 }
  )
}

function captureLogs(): () => void {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const
  const originals = methods.map((m) => console[m])
  methods.forEach((m) => {
    console[m] = (...args: unknown[]) =>
      void logs.push(
        args
          .map((a) => (a instanceof Error ? `${a.stack} ${String(a.cause)}` : String(a)))
          .join(' ')
      )
  })
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    logs.push(String(chunk))
    return write(chunk, ...rest)
  }) as typeof process.stderr.write
  return () => {
    methods.forEach((m, i) => (console[m] = originals[i]))
    process.stderr.write = write
  }
}

/** Echoes the Authorization header back in the body, as some servers and proxies do. */
const echoes = {
  401: {
    kind: 'status',
    status: 401,
    body: JSON.stringify({ message: `Unauthenticated: Bearer ${KEY}` })
  },
  422: {
    kind: 'status',
    status: 422,
    body: JSON.stringify({
      message: `Invalid header Authorization: Bearer ${KEY}`,
      errors: { token: [KEY] }
    })
  },
  500: {
    kind: 'status',
    status: 500,
    contentType: 'text/html',
    body: `<html><head><title>Error for Bearer ${KEY}</title></head><body>Authorization: Bearer ${KEY}</body></html>`
  },
  404: {
    kind: 'status',
    status: 404,
    body: JSON.stringify({ status: false, error: `No conversation for ${KEY}` })
  }
} as const

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cb-secrets-'))
  mkdirSync(join(dir, 'saved'))
  mock = await startMockApi({ apiKey: KEY, rows: ROWS, seed: 29 })
  restoreLogs = captureLogs()
  handlers = createIpcHandlers({
    userDataDir: join(dir, 'user-data'),
    secretStore: createMemorySecretStore(),
    defaultBaseUrl: mock.url,
    writerEntry: SOURCE_WRITER_ENTRY,
    readerEntry: SOURCE_READER_ENTRY,
    clientOptions: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
    emit: (_event, payload) => void said.push(payload),
    chooseSavePath: async (name) => join(dir, 'saved', name)
  })
})

afterAll(async () => {
  restoreLogs()
  await handlers?.dispose()
  await mock?.close()
  rmSync(dir, { recursive: true, force: true })
  recordProof('secrets', {
    order: 5,
    title: 'Secrets: the API key is in nothing the app writes or says',
    method:
      'A session through the app’s handler table with a known key: the key saved, a full ' +
      `sync of ${ROWS} conversations, the transcript backfill, a transcript fetched and saved by ` +
      'hand; then the errors a server can provoke, from one that echoes the Authorization ' +
      'header back (401 and 422 JSON, a 500 HTML page, a 404 of Get Conversation), through the ' +
      'app and through the CLI, whose failing run and a crash are captured. Everything is ' +
      'then searched for the key as UTF-8, UTF-16, base64 (alone and as `Bearer …`) and ' +
      'URL-encoded: the places below. The search itself is checked on a file that holds the key ' +
      '(`tests/reliability/secrets.test.ts`).',
    findings: ['The key was found in none of the places searched.'],
    tables: [{ columns: ['Place', 'Searched', 'The key'], rows: places }]
  })
})

it('the search finds the key where it is', () => {
  expect(leaks(Buffer.from(`{"a":"Bearer ${KEY}"}`))).toBe(true)
  expect(leaks(Buffer.from(`x${Buffer.from(`Bearer ${KEY}`).toString('base64')}x`))).toBe(true)
  expect(leaks(Buffer.from(`<p>${KEY}</p>`, 'utf16le'))).toBe(true)
  expect(leaks(Buffer.from(KEY.slice(0, -1)))).toBe(false)
  // The log capture sees what main would print.
  console.error('log capture check')
  expect(logs.splice(0)).toEqual(['log capture check'])
})

it('a session that used the key leaves it in no file, answer, event, log or message', async () => {
  expect((await answer(handlers.saveApiKey({ apiKey: KEY }))).ok).toBe(true)
  await syncEnded()
  await vi.waitFor(
    async () => {
      const state = await answer(handlers.getAppState(undefined))
      if (
        !state.ok ||
        state.value.backfill.phase === 'running' ||
        state.value.backfill.done < ROWS
      ) {
        throw new Error('backfill running')
      }
    },
    { timeout: 60_000, interval: 50 }
  )
  const id = mock.list()[0].id
  expect((await answer(handlers.fetchTranscript({ id }))).ok).toBe(true)
  expect(await answer(handlers.saveTranscript({ id, format: 'json' }))).toMatchObject({ ok: true })
  expect(await answer(handlers.saveTranscript({ id, format: 'text' }))).toMatchObject({ ok: true })
  await answer(handlers.search({ text: 'hello' }))
  await answer(handlers.getTranscript({ id }))

  // The errors an echoing server provokes: in a sync, a transcript fetch, and a key check.
  for (const fault of [echoes[401], echoes[422], echoes[500]]) {
    mock.injectFault({ ...fault }, 5, 'list')
    await answer(handlers.startSync({ mode: 'full' }))
    const status = await syncEnded()
    expect(status.lastError).not.toBeNull()
    said.push(status)
    mock.clearFaults()
  }
  for (const fault of [echoes[404], echoes[500], echoes[401]]) {
    mock.injectFault({ ...fault }, 5, 'conversation')
    await answer(handlers.fetchTranscript({ id: mock.list()[1].id }))
    await vi.waitFor(() => {
      const last = said
        .filter((s) => typeof s === 'object' && s !== null && 'phase' in s && 'id' in s)
        .at(-1) as { phase: string } | undefined
      if (last?.phase === 'fetching') throw new Error('fetching')
    })
    mock.clearFaults()
  }
  mock.injectFault({ ...echoes[401] }, 5, 'list')
  const refused = await answer(handlers.saveApiKey({ apiKey: `${KEY}x` }))
  expect(refused.ok).toBe(false)
  mock.clearFaults()

  const archiveDir = join(dir, 'user-data')
  const leaking = [
    ...checkFiles('The archive, its -wal and -shm, the settings (app open)', archiveDir),
    ...checkFiles('Transcripts saved by hand', join(dir, 'saved'))
  ]
  await handlers.dispose()
  leaking.push(...checkFiles('The archive and settings (app closed)', archiveDir))
  const leakedInSaid = checkText('IPC answers and events', said.length, JSON.stringify(said))
  const leakedInLogs = checkText('Logs (console and stderr of main)', logs.length, logs.join('\n'))
  const errors = said.flatMap((s) => JSON.stringify(s).match(/"message":"[^"]*"/g) ?? [])
  const leakedInErrors = checkText('Error messages a person sees', errors.length, errors.join('\n'))
  expect(errors.length).toBeGreaterThan(5)
  expect(leaking).toEqual([])
  expect({ leakedInSaid, leakedInLogs, leakedInErrors }).toEqual({
    leakedInSaid: false,
    leakedInLogs: false,
    leakedInErrors: false
  })
})

function runCli(
  args: string[],
  env: Record<string, string> = {}
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/core/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, AUTOCALLS_API_KEY: KEY, ...env },
    stdio: 'pipe'
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })))
}

it('the CLI says nothing of the key, failing or crashing', async () => {
  const db = join(dir, 'cli', 'archive.sqlite3')
  const outputs: string[] = []
  for (const fault of [echoes[401], echoes[422], echoes[500]]) {
    mock.injectFault({ ...fault }, 20, 'list')
    const run = await runCli(['sync', '--db', db, '--base-url', mock.url, '--json'])
    mock.clearFaults()
    expect(run.code).not.toBe(0)
    outputs.push(run.output)
  }
  const ok = await runCli(['sync', '--messages', '--db', db, '--base-url', mock.url])
  expect(ok.code, ok.output).toBe(0)
  outputs.push(ok.output)
  // A crash: the archive's folder is a file, so opening it fails inside the CLI.
  const crash = await runCli([
    'sync',
    '--db',
    join(db, 'inside-a-file.sqlite3'),
    '--base-url',
    mock.url
  ])
  expect(crash.code).not.toBe(0)
  outputs.push(crash.output)
  const found = checkText(
    'The CLI’s output: three failing syncs, one that worked, one crash',
    outputs.length,
    outputs.join('\n')
  )
  const files = checkFiles('The CLI’s archive', join(dir, 'cli'))
  expect(found).toBe(false)
  expect(files).toEqual([])
})

it('a build of the app made with the key in its environment holds no trace of it', () => {
  const outDir = join(dir, 'out')
  const build = spawnSync(
    join(root, 'node_modules/.bin/electron-vite'),
    ['build', '--logLevel', 'warn', '--outDir', outDir],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        AUTOCALLS_API_KEY: KEY,
        VITE_AUTOCALLS_API_KEY: KEY,
        MAIN_VITE_AUTOCALLS_API_KEY: KEY
      }
    }
  )
  expect(build.status, build.stderr).toBe(0)
  expect(filesUnder(outDir).some((file) => file.endsWith('index.html'))).toBe(true)
  expect(checkFiles('The built bundles (main, preload, renderer, workers)', outDir)).toEqual([])
}, 180_000)
