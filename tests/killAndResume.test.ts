import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openArchive } from '../src/main/core/archive/openArchive'
import { startMockApi, type MockApi } from '../src/main/core/mockApi/mockApiServer'
import { spawnCliSync } from './support/cliProcess'

const KEY = 'resume-key'
const ROWS = 2_000
let dir: string
let mock: MockApi

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cb-resume-'))
  mock = await startMockApi({ apiKey: KEY, rows: ROWS, seed: 3, latencyMs: 40 })
})

afterEach(async () => {
  await mock.close()
  rmSync(dir, { recursive: true, force: true })
})

function runSync(db: string) {
  return spawnCliSync({ db, baseUrl: mock.url, apiKey: KEY })
}

function committedPages(db: string): number {
  const archive = openArchive(db, { readonly: true })
  try {
    return archive.readCheckpoint()?.pages ?? 0
  } finally {
    archive.close()
  }
}

it('a sync killed with SIGKILL loses nothing committed and the next run resumes', async () => {
  const db = join(dir, 'archive.sqlite3')
  const first = runSync(db)
  const exited = new Promise<void>((resolve) => first.once('exit', () => resolve()))

  const deadline = Date.now() + 20_000
  let pages = 0
  while (pages < 5 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    try {
      pages = committedPages(db)
    } catch {
      pages = 0 // the child has not created the schema yet
    }
  }
  first.kill('SIGKILL')
  await exited
  expect(pages).toBeGreaterThanOrEqual(5)

  const afterKill = openArchive(db, { readonly: true })
  const checkpoint = afterKill.readCheckpoint()
  const rowsAfterKill = afterKill.stats().total
  afterKill.close()
  expect(checkpoint).not.toBeNull()
  expect(checkpoint!.pages).toBeLessThan(ROWS / 100)
  expect(rowsAfterKill).toBe(checkpoint!.rows)

  const requestsBefore = mock.requests.length
  const second = runSync(db)
  let stdout = ''
  second.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => second.once('exit', resolve))
  expect(code).toBe(0)

  const summary = JSON.parse(stdout) as { resumed: boolean; rows: number; complete: boolean }
  expect(summary).toMatchObject({ resumed: true, complete: true, rows: ROWS })
  expect(mock.requests.length - requestsBefore).toBe(ROWS / 100 - checkpoint!.pages)

  const archive = openArchive(db, { readonly: true })
  expect(archive.stats().total).toBe(ROWS)
  expect(archive.readCheckpoint()).toBeNull()
  archive.close()
}, 60_000)
