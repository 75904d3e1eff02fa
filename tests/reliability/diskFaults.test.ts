import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { AppState, IpcResult, SyncStatus } from '../../src/shared/ipc/contract'
import { createIpcHandlers, type IpcHandlers } from '../../src/main/core/ipc/createIpcHandlers'
import { startMockApi, type MockApi } from '../../src/main/core/mockApi/mockApiServer'
import { createMemorySecretStore } from '../../src/main/core/secrets/memorySecretStore'
import type { SecretStore } from '../../src/main/core/secrets/secretStore'
import { SOURCE_READER_ENTRY } from '../../src/main/core/reader/readerEntry'
import { recordProof } from './support/proofRecord'

/**
 * Disk and file faults, through the app's handler table as the window calls it: the disk full
 * during a sync, the archive made read-only or deleted while the app runs, the file replaced by
 * garbage while it is closed. Each must give a message a person can act on and a way forward,
 * and never lose what was committed without saying so.
 */

const KEY = 'disk-fault-key'
const ROWS = 2_000
const FAULTY_WRITER = join(__dirname, 'support/faultyWriterWorker.ts')
let dir: string
let mock: MockApi
let secrets: SecretStore
const open: IpcHandlers[] = []
const outcomes: string[][] = []

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cb-disk-'))
  mock = await startMockApi({ apiKey: KEY, rows: ROWS, seed: 31 })
  secrets = createMemorySecretStore()
})

afterEach(async () => {
  for (const handlers of open.splice(0)) await handlers.dispose()
  await mock.close()
  makeWritable(archiveFile())
  rmSync(dir, { recursive: true, force: true })
})

/** Messages name the archive's path: the doc shows where it was, not a temporary folder. */
function withoutTempDir(text: string): string {
  return text.replace(/\/tmp\/cb-disk-[^/]+\//g, '<user data>/')
}

afterAll(() => {
  recordProof('disk', {
    order: 2,
    title: 'Disk and file faults',
    method:
      'Each fault is met through the app’s handler table (`createIpcHandlers`), so the ' +
      'message asserted is the one the window shows. The disk filling up is SQLite’s own ' +
      '`SQLITE_FULL` from the app’s writer thread, whose connection may grow by a fixed number ' +
      'of pages (`max_page_count`, `tests/reliability/support/faultyWriterWorker.ts`): a tmpfs ' +
      'small enough to fill needs root to mount, and SQLite answers a full disk (ENOSPC) with ' +
      'the same code and the same rollback. Read-only is the file’s mode (0444, its folder ' +
      '0555) and, for root, whom modes do not stop, the immutable attribute (`chattr +i`). ' +
      '(`tests/reliability/diskFaults.test.ts`)',
    findings: [
      `${outcomes.length} faults: each gave a sentence that says what happened and what to do, ` +
        'none lost a committed row, and integrity_check said ok after each.'
    ],
    tables: [
      {
        columns: ['Fault', 'What the person sees', 'What happens to the data', 'Way forward'],
        rows: outcomes.map((row) => row.map(withoutTempDir))
      }
    ]
  })
})

function archiveFile(): string {
  return join(dir, 'archive.sqlite3')
}

function start(writerEntry?: string): IpcHandlers {
  const handlers = createIpcHandlers({
    userDataDir: join(dir, 'user-data'),
    secretStore: secrets,
    archivePathFor: () => archiveFile(),
    defaultBaseUrl: mock.url,
    writerEntry,
    readerEntry: SOURCE_READER_ENTRY,
    clientOptions: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
    emit: () => undefined
  })
  open.push(handlers)
  return handlers
}

async function stop(handlers: IpcHandlers): Promise<void> {
  open.splice(open.indexOf(handlers), 1)
  await handlers.dispose()
}

async function syncEnded(handlers: IpcHandlers): Promise<SyncStatus> {
  return vi.waitFor(
    async () => {
      const state = await handlers.getAppState(undefined)
      if (!state.ok) throw new Error(state.error.message)
      const { phase, lastSummary, lastError } = state.value.sync
      if (phase !== 'idle' || (lastSummary === null && lastError === null)) {
        throw new Error('sync running')
      }
      return state.value.sync
    },
    { timeout: 60_000, interval: 20 }
  )
}

async function syncOnce(handlers: IpcHandlers): Promise<SyncStatus> {
  const started = await handlers.startSync({ mode: 'full' })
  expect(started.ok).toBe(true)
  return syncEnded(handlers)
}

function value<T>(answer: IpcResult<T>): T {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`)
  return answer.value
}

/** What a second connection sees in the file: integrity, rows, the checkpoint's count. */
function inspect(file: string): {
  integrity: unknown
  rows: number
  checkpointRows: number | null
} {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const rows = (db.prepare('SELECT count(*) AS n FROM conversations').get() as { n: number }).n
    const state = db.prepare("SELECT value FROM sync_state WHERE key = 'checkpoint'").get() as
      { value: string } | undefined
    const checkpoint = state ? (JSON.parse(state.value) as { rows: number }) : null
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      rows,
      checkpointRows: checkpoint?.rows ?? null
    }
  } finally {
    db.close()
  }
}

const isRoot = process.getuid?.() === 0

function setImmutable(paths: string[], on: boolean): void {
  if (!isRoot) return
  const run = spawnSync('chattr', [on ? '+i' : '-i', ...paths.filter(existsSync)], {
    encoding: 'utf8'
  })
  if (on && run.status !== 0)
    throw new Error(`chattr +i failed (root needs it to make a file read-only): ${run.stderr}`)
}

function archiveFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`].filter(existsSync)
}

function makeReadOnly(file: string): void {
  for (const path of archiveFiles(file)) chmodSync(path, 0o444)
  chmodSync(dirname(file), 0o555)
  // Not the -shm: SQLite maps it into memory, and a write to an immutable mapped page is SIGBUS,
  // which a read-only disk never sends.
  setImmutable([file, `${file}-wal`, dirname(file)], true)
}

function makeWritable(file: string): void {
  if (!existsSync(dirname(file))) return
  setImmutable([dirname(file), ...archiveFiles(file)], false)
  chmodSync(dirname(file), 0o700)
  for (const path of archiveFiles(file)) chmodSync(path, 0o600)
}

function isPlainSentence(message: string): void {
  expect(message).toMatch(/^[A-Z]/)
  expect(message).not.toMatch(/\n|SQLITE_|SqliteError|\bat \w+ \(/)
}

it('the disk fills up during a sync: a clear message, nothing committed lost, the next sync completes', async () => {
  writeFileSync(`${archiveFile()}.disk-space`, '120')
  const handlers = start(FAULTY_WRITER)
  value(await handlers.saveApiKey({ apiKey: KEY }))
  const failed = await syncEnded(handlers)
  expect(failed.lastError).not.toBeNull()
  const error = failed.lastError!
  isPlainSentence(error.message)
  expect(error.code).toBe('disk-full')
  expect(error.message).toMatch(/disk is full/i)

  const kept = inspect(archiveFile())
  expect(kept.integrity).toBe('ok')
  expect(kept.rows).toBeGreaterThan(0)
  expect(kept.rows).toBeLessThan(ROWS)
  expect(kept.rows).toBe(kept.checkpointRows)
  // The archive still answers searches while the disk is full.
  const page = value(await handlers.search({ limit: 10 }))
  expect(page.conversations).toHaveLength(10)

  // Space is freed, and the person syncs again.
  unlinkSync(`${archiveFile()}.disk-space`)
  await new Promise((resolve) => setTimeout(resolve, 100))
  const resumed = await syncOnce(handlers)
  expect(resumed.lastError).toBeNull()
  expect(resumed.lastSummary).toMatchObject({ resumed: true, complete: true })
  const after = inspect(archiveFile())
  expect(after.rows).toBe(ROWS)
  expect(after.integrity).toBe('ok')
  outcomes.push([
    'The disk fills up during a full sync',
    `"${error.message}" (code ${error.code})`,
    `The failed transaction rolled back; ${kept.rows} of ${ROWS} rows committed before it kept, with their checkpoint; searches still answered.`,
    `Free space, sync again: it resumed from the checkpoint and ended with all ${after.rows} rows.`
  ])
})

it('the archive is made read-only while the app runs: nothing lost; at the next start a clear message', async () => {
  const first = start()
  value(await first.saveApiKey({ apiKey: KEY }))
  const synced = await syncEnded(first)
  expect(synced.lastError).toBeNull()
  makeReadOnly(archiveFile())
  mock.add({ ...mock.list()[0], id: 'conversation-added-later' })
  const during = await syncOnce(first)
  const duringText = during.lastError
    ? `the next sync failed: "${during.lastError.message}" (code ${during.lastError.code})`
    : 'the next sync still completed (the file was open before its mode changed)'
  if (during.lastError) isPlainSentence(during.lastError.message)
  await stop(first)
  const bytes = readFileSync(archiveFile())
  const keptRows = inspect(archiveFile()).rows
  expect(keptRows).toBeGreaterThanOrEqual(ROWS)

  const second = start()
  const state = await second.getAppState(undefined)
  expect(state.ok).toBe(false)
  const error = (state as Extract<IpcResult<AppState>, { ok: false }>).error
  isPlainSentence(error.message)
  expect(error.code).toBe('archive-read-only')
  expect(error.message).toMatch(/read-only/)
  expect(error.message).toContain(archiveFile())
  await stop(second)
  expect(readFileSync(archiveFile()).equals(bytes)).toBe(true)

  makeWritable(archiveFile())
  const third = start()
  const reopened = value(await third.getAppState(undefined))
  expect(reopened.archive.conversations).toBe(keptRows)
  outcomes.push([
    'The archive is made read-only while the app runs, then the app restarts',
    `While running, ${duringText}. At the next start: "${error.message}" (code ${error.code})`,
    `Integrity ok; all ${keptRows} rows kept; the file left byte for byte as it was.`,
    'Make the file and its folder writable again and restart: the archive opens as it was.'
  ])
})

it('the archive is deleted while the app runs: it is written back from the open copy, and the app says so', async () => {
  const handlers = start()
  value(await handlers.saveApiKey({ apiKey: KEY }))
  expect((await syncEnded(handlers)).lastError).toBeNull()
  for (const path of archiveFiles(archiveFile())) unlinkSync(path)

  const noticed = await handlers.getAppState(undefined)
  expect(noticed.ok).toBe(false)
  const error = (noticed as Extract<IpcResult<AppState>, { ok: false }>).error
  isPlainSentence(error.message)
  expect(error.code).toBe('archive-restored')
  expect(error.message).toMatch(/deleted|moved/)
  expect(existsSync(archiveFile())).toBe(true)
  expect(inspect(archiveFile())).toMatchObject({ integrity: 'ok', rows: ROWS })

  // The app goes on with the restored file: what is synced next is in it, and stays after a restart.
  mock.add({ ...mock.list()[0], id: 'conversation-added-later' })
  const next = await syncOnce(handlers)
  expect(next.lastError).toBeNull()
  await stop(handlers)
  expect(inspect(archiveFile())).toMatchObject({ integrity: 'ok', rows: ROWS + 1 })
  outcomes.push([
    'The archive (with its -wal and -shm) is deleted while the app runs',
    `"${error.message}" (code ${error.code}), on the next call that opens the archive`,
    `Written back from the connection the app still had open: all ${ROWS} rows; the next sync wrote to the restored file (${ROWS + 1} rows after a restart).`,
    'None needed: the app goes on with the restored file.'
  ])
})

it('the archive is replaced by garbage while the app is closed: refused, left as it is, a new archive offered', async () => {
  const first = start()
  value(await first.saveApiKey({ apiKey: KEY }))
  await syncEnded(first)
  await stop(first)
  const garbage = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919) % 251))
  writeFileSync(archiveFile(), garbage)
  for (const path of [`${archiveFile()}-wal`, `${archiveFile()}-shm`]) rmSync(path, { force: true })

  const second = start()
  const state = await second.getAppState(undefined)
  expect(state.ok).toBe(false)
  const error = (state as Extract<IpcResult<AppState>, { ok: false }>).error
  isPlainSentence(error.message)
  expect(error.code).toBe('not-an-archive')
  await stop(second)
  expect(readFileSync(archiveFile()).equals(garbage)).toBe(true)
  const files = readdirSync(dir)
  outcomes.push([
    'The archive file is replaced by garbage while the app is closed',
    `"${error.message}" (code ${error.code})`,
    'Nothing is written to the file: it is left byte for byte as it was.',
    'The app offers to start a new archive and keeps the old file beside it (finding 8 of the issue).'
  ])
  expect(files).toContain('archive.sqlite3')
})
