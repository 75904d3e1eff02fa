import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openArchive } from '../src/main/core/archive/openArchive'
import { startMockApi, type MockApi } from '../src/main/core/mockApi/mockApiServer'
import { spawnCliSync } from './support/cliProcess'

const KEY = 'resume-transcripts-key'
const ROWS = 300
/** Transcripts committed before each kill: early, midway, late in the backfill. */
const KILL_AFTER = [5, 90, 200]
let dir: string
let mock: MockApi

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cb-resume-transcripts-'))
  mock = await startMockApi({ apiKey: KEY, rows: ROWS, seed: 7, latencyMs: 15 })
})

afterEach(async () => {
  await mock.close()
  rmSync(dir, { recursive: true, force: true })
})

function runSyncWithMessages(db: string) {
  return spawnCliSync({ db, baseUrl: mock.url, apiKey: KEY }, '--messages')
}

/** Each archived transcript by conversation id: only those fetched. */
function fetchedTranscripts(db: string): Map<string, unknown> {
  const archive = openArchive(db, { readonly: true })
  try {
    const fetched = new Map<string, unknown>()
    for (const { id } of archive.search({ limit: 500, removed: 'include' }).conversations) {
      const transcript = archive.transcript(id)
      if (transcript?.fetched_at) fetched.set(id, transcript.messages)
    }
    return fetched
  } finally {
    archive.close()
  }
}

function integrity(db: string): unknown {
  const connection = new Database(db, { readonly: true })
  try {
    return connection.pragma('integrity_check', { simple: true })
  } finally {
    connection.close()
  }
}

function transcriptRequests(): number {
  return mock.requests.filter((request) => request.path.startsWith('/api/conversations/')).length
}

it('a backfill killed with SIGKILL keeps every transcript it committed and the next run finishes', async () => {
  const db = join(dir, 'archive.sqlite3')
  let committed = new Map<string, unknown>()

  for (const threshold of KILL_AFTER) {
    const child = runSyncWithMessages(db)
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const deadline = Date.now() + 30_000
    let seen = new Map<string, unknown>()
    while (seen.size < threshold && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      try {
        seen = fetchedTranscripts(db)
      } catch {
        // The child has not created or migrated the archive yet.
      }
    }
    child.kill('SIGKILL')
    await exited
    expect(seen.size).toBeGreaterThanOrEqual(threshold)
    expect(seen.size).toBeLessThan(ROWS)

    expect(integrity(db)).toBe('ok')
    const afterKill = fetchedTranscripts(db)
    for (const [id, messages] of seen) expect(afterKill.get(id), id).toEqual(messages)
    // What is archived is whole: exactly what the server answered, never part of it.
    for (const [id, messages] of afterKill) expect(messages, id).toEqual(mock.transcript(id))
    committed = afterKill
  }

  const requestsBefore = transcriptRequests()
  const last = runSyncWithMessages(db)
  let stdout = ''
  last.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => last.once('exit', resolve))
  expect(code).toBe(0)
  const summary = JSON.parse(stdout) as { transcripts: Record<string, number> }
  expect(summary.transcripts).toEqual({
    fetched: ROWS - committed.size,
    not_found: 0,
    failed: 0,
    remaining: 0
  })
  // Only what was still missing is asked for: the pass continues where the kill left it.
  expect(transcriptRequests() - requestsBefore).toBe(ROWS - committed.size)
  // Across the kills, at most the request in flight at each was asked for twice.
  expect(transcriptRequests()).toBeLessThanOrEqual(ROWS + KILL_AFTER.length)

  const complete = fetchedTranscripts(db)
  expect(complete.size).toBe(ROWS)
  for (const [id, messages] of complete) expect(messages, id).toEqual(mock.transcript(id))
  expect(integrity(db)).toBe('ok')
}, 120_000)
