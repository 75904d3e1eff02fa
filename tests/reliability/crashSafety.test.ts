import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { openArchive } from '../../src/main/core/archive/openArchive'
import { useTempDir } from '../../src/main/core/archive/testArchive'
import { startMockApi, type MockApi } from '../../src/main/core/mockApi/mockApiServer'
import { spawnCliSync } from '../support/cliProcess'
import { recordProof } from './support/proofRecord'
import { proofSeed, seededRandom } from './support/seededRandom'

/**
 * Crash safety: the CLI's sync, in a child process as a person runs it, is killed with SIGKILL
 * at random moments, then checked: the file passes integrity_check, and everything seen
 * committed before the kill is still there. The last run, not killed, must end with the
 * server's exact totals.
 *
 * A moment is either a random time after the process starts (it may land in start-up, the
 * migration, a request or a commit), or a random time after the next commit is seen, so that
 * every kill lands somewhere in a sync that is still going.
 */

const KEY = 'crash-proof-key'
const SEED = proofSeed(20261203)
const LIST_ROWS = 30_000
const TRANSCRIPT_ROWS = 600
const KILLS_PER_PHASE = 13
const { tempFile } = useTempDir()
const random = seededRandom(SEED)

interface Kill {
  phase: string
  moment: string
  before: string
  after: string
}
const kills: Kill[] = []
const finals: string[] = []

afterAll(() => {
  recordProof('crash', {
    order: 1,
    title: 'Crash safety: SIGKILL during a large sync',
    method:
      'The CLI’s `sync` runs in a child process (`tests/support/cliProcess.ts`) against the mock ' +
      `API and is killed with SIGKILL ${kills.length} times at random moments (seed ${SEED}; ` +
      'set RELIABILITY_SEED to replay another): during a first full list crawl of ' +
      `${LIST_ROWS.toLocaleString('en')} conversations, then during the transcript backfill of ` +
      `${TRANSCRIPT_ROWS} conversations (\`sync --messages\`). A moment is a random time after ` +
      'the process starts (start-up, migration, a request or a commit), or a random time of up ' +
      'to 300 ms after the next commit is seen. After each kill: `PRAGMA integrity_check` is ' +
      'ok, every conversation and transcript read from the archive before the kill is still ' +
      'there and unchanged, and the checkpoint counts exactly the rows archived. Then one run ' +
      'is left to finish (`tests/reliability/crashSafety.test.ts`).',
    findings: [
      `${kills.length} kills; integrity_check ok after every one; nothing seen committed was lost.`,
      ...finals
    ],
    tables: [
      {
        columns: [
          '#',
          'Phase',
          'Killed',
          'Seen committed before the kill',
          'In the archive after it'
        ],
        rows: kills.map((k, i) => [String(i + 1), k.phase, k.moment, k.before, k.after])
      }
    ]
  })
})

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function integrity(file: string): unknown {
  const db = new Database(file, { readonly: true })
  try {
    return db.pragma('integrity_check', { simple: true })
  } finally {
    db.close()
  }
}

/** A quick count for polling: rows, fetched transcripts; zero before the schema exists. */
function progressCount(file: string, what: 'rows' | 'transcripts'): number {
  if (!existsSync(file)) return 0
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const sql =
      what === 'rows'
        ? 'SELECT count(*) AS n FROM conversations'
        : 'SELECT count(*) AS n FROM transcripts WHERE fetched_at IS NOT NULL'
    return (db.prepare(sql).get() as { n: number }).n
  } catch {
    return 0 // not created or not migrated yet
  } finally {
    db?.close()
  }
}

/** Every conversation id in the archive, and each fetched transcript's messages. */
function snapshot(file: string): {
  ids: Set<string>
  transcripts: Map<string, unknown>
  checkpointRows: number | null
} {
  const empty = {
    ids: new Set<string>(),
    transcripts: new Map<string, unknown>(),
    checkpointRows: null
  }
  if (progressCount(file, 'rows') === 0) return empty
  const archive = openArchive(file, { readonly: true })
  try {
    const ids = new Set<string>()
    const transcripts = new Map<string, unknown>()
    let cursor: string | null = null
    do {
      const page = archive.search({ limit: 500, cursor, removed: 'include' })
      for (const { id } of page.conversations) ids.add(id)
      cursor = page.nextCursor
    } while (cursor)
    for (const id of ids) {
      const transcript = archive.transcript(id)
      if (transcript?.fetched_at) transcripts.set(id, transcript.messages)
    }
    return { ids, transcripts, checkpointRows: archive.readCheckpoint()?.rows ?? null }
  } finally {
    archive.close()
  }
}

async function killAtRandomMoment(
  mock: MockApi,
  file: string,
  phase: 'list' | 'transcripts',
  index: number
): Promise<void> {
  const flags = phase === 'transcripts' ? ['--messages'] : []
  const child = spawnCliSync({ db: file, baseUrl: mock.url, apiKey: KEY }, ...flags)
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  let ended = false
  void exited.then(() => (ended = true))
  const measure = phase === 'list' ? 'rows' : 'transcripts'
  const startedWith = progressCount(file, measure)
  let moment: string
  if (index % 4 === 0) {
    const ms = Math.round(random() * 1500)
    await delay(ms)
    moment = `${ms} ms after start`
  } else {
    const deadline = Date.now() + 30_000
    while (!ended && progressCount(file, measure) === startedWith && Date.now() < deadline) {
      await delay(10)
    }
    const ms = Math.round(random() * 300)
    await delay(ms)
    moment = `${ms} ms after a commit`
  }
  const before = snapshot(file)
  expect(
    ended,
    `the sync ended before its kill (the workload is too small?): ${stderr.slice(-500)}`
  ).toBe(false)
  child.kill('SIGKILL')
  await exited

  if (!existsSync(file)) {
    // Killed before it created the archive: there was nothing to keep.
    expect(before.ids.size).toBe(0)
    kills.push({ phase, moment, before: 'no archive yet', after: 'no archive yet' })
    return
  }
  expect(integrity(file)).toBe('ok')
  const after = snapshot(file)
  for (const id of before.ids) expect(after.ids.has(id), id).toBe(true)
  for (const [id, messages] of before.transcripts)
    expect(after.transcripts.get(id), id).toEqual(messages)
  // What is archived is whole: exactly what the server answered, never part of it.
  for (const [id, messages] of after.transcripts) expect(messages, id).toEqual(mock.transcript(id))
  // A first crawl's checkpoint counts exactly the rows its committed pages hold.
  if (phase === 'list' && after.checkpointRows !== null)
    expect(after.ids.size).toBe(after.checkpointRows)

  const describe = (s: typeof before): string =>
    phase === 'list' ? `${s.ids.size} rows` : `${s.transcripts.size} transcripts`
  kills.push({ phase, moment, before: describe(before), after: describe(after) })
}

async function finish(
  mock: MockApi,
  file: string,
  flags: string[]
): Promise<Record<string, unknown>> {
  const child = spawnCliSync({ db: file, baseUrl: mock.url, apiKey: KEY }, ...flags)
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  expect(code).toBe(0)
  return JSON.parse(stdout) as Record<string, unknown>
}

describe('SIGKILL at random moments', () => {
  it(`during a full list crawl of ${LIST_ROWS} conversations`, async () => {
    const mock = await startMockApi({ apiKey: KEY, rows: LIST_ROWS, seed: 17, latencyMs: 10 })
    try {
      const file = tempFile()
      for (let i = 0; i < KILLS_PER_PHASE; i++) await killAtRandomMoment(mock, file, 'list', i)
      const summary = await finish(mock, file, [])
      expect(summary).toMatchObject({ complete: true, removed: 0 })

      const { ids, checkpointRows } = snapshot(file)
      expect(ids).toEqual(new Set(mock.list().map((c) => c.id)))
      expect(checkpointRows).toBeNull()
      expect(integrity(file)).toBe('ok')
      finals.push(
        `List: the run after the last kill ${summary.resumed ? 'resumed from the checkpoint' : 'started over'} and completed; the ` +
          `archive holds exactly the server’s ${ids.size.toLocaleString('en')} conversations, none marked removed.`
      )
    } finally {
      await mock.close()
    }
  })

  it(`during the transcript backfill of ${TRANSCRIPT_ROWS} conversations`, async () => {
    const mock = await startMockApi({ apiKey: KEY, rows: TRANSCRIPT_ROWS, seed: 19, latencyMs: 10 })
    try {
      const file = tempFile()
      for (let i = 0; i < KILLS_PER_PHASE; i++)
        await killAtRandomMoment(mock, file, 'transcripts', i)
      const summary = await finish(mock, file, ['--messages'])
      expect(summary).toMatchObject({ complete: true })
      expect(summary.transcripts).toMatchObject({ not_found: 0, failed: 0, remaining: 0 })

      const { ids, transcripts } = snapshot(file)
      expect(ids).toEqual(new Set(mock.list().map((c) => c.id)))
      expect(transcripts.size).toBe(TRANSCRIPT_ROWS)
      for (const [id, messages] of transcripts) expect(messages, id).toEqual(mock.transcript(id))
      expect(integrity(file)).toBe('ok')
      finals.push(
        `Transcripts: the run after the last kill fetched the ` +
          `${(summary.transcripts as { fetched: number }).fetched} still missing; all ` +
          `${transcripts.size} transcripts equal what the server sends.`
      )
    } finally {
      await mock.close()
    }
  })
})
