import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Archive } from './archive'
import { startCheckpointWorker, type CheckpointResult } from './checkpointWorker'
import { openArchive } from './openArchive'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow } from './testRows'

const { tempFile } = useTempDir()

async function until<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition.')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A connection that never checkpoints by itself, with enough rows in its log to see. */
function writerWithoutCheckpoints(file: string): Database.Database {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('wal_autocheckpoint = 0')
  db.exec('CREATE TABLE t (x TEXT)')
  const insert = db.prepare('INSERT INTO t VALUES (?)')
  db.transaction(() => {
    for (let i = 0; i < 2_000; i++) insert.run('x'.repeat(500))
  })()
  return db
}

function writeRows(archive: Archive): void {
  for (let page = 0; page < 20; page++) {
    const rows = Array.from({ length: 100 }, (_, i) => makeRow({ id: `c-${page}-${i}` }))
    archive.writePage(rows, '2025-02-01T00:00:00.000Z', makeCheckpoint({ pages: page + 1 }))
  }
}

describe('startCheckpointWorker', () => {
  it('copies the write-ahead log into the database file from its own thread', async () => {
    const file = tempFile()
    const db = writerWithoutCheckpoints(file)
    const sizeBefore = statSync(file).size
    const results: CheckpointResult[] = []
    const worker = startCheckpointWorker(file, { intervalMs: 20 })
    worker.onCheckpoint((result) => results.push(result))
    try {
      const done = await until(() => results.find((result) => result.copied === result.frames))
      expect(done.frames).toBeGreaterThan(100)
      expect(statSync(file).size).toBeGreaterThan(sizeBefore + 500_000)
      expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2_000)
    } finally {
      worker.stop()
      db.close()
    }
  })

  it('does not keep a process alive that is done', () => {
    const file = tempFile()
    const program = `require(${JSON.stringify(join(__dirname, 'checkpointWorker.ts'))}).startCheckpointWorker(${JSON.stringify(file)})`
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', program], {
      timeout: 20_000,
      encoding: 'utf8'
    })
    expect(run.error).toBeUndefined()
    expect(run.status).toBe(0)
  })

  it('reports a worker that cannot run, and stops at once', async () => {
    const file = tempFile()
    const worker = startCheckpointWorker(file, { driver: '/nowhere/better-sqlite3.js' })
    const failure = await new Promise<Error>((resolve) => worker.onFailure(resolve))
    expect(failure.message).toMatch(/nowhere|Cannot find module/)
    const started = Date.now()
    worker.stop()
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})

describe('openArchive with background checkpoints', () => {
  it('leaves a few pages in the log when checkpoints run inline', () => {
    const file = tempFile()
    const archive = openArchive(file)
    const sizeBefore = statSync(file).size
    writeRows(archive)
    // Inline, the connection checkpoints only every 10,000 pages of log.
    expect(statSync(file).size).toBe(sizeBefore)
    archive.close()
  })

  it('leaves the file folded and unlocked for the next program once closed', () => {
    const file = tempFile()
    const archive = openArchive(file, { backgroundCheckpoints: true })
    writeRows(archive)
    archive.close()
    // The closing connection was the last one: it folded the log in and removed it.
    expect(existsSync(`${file}-wal`)).toBe(false)
    const next = new Database(file, { timeout: 0 })
    try {
      next.prepare('UPDATE conversations SET message_count = 1').run()
      expect(next.prepare('SELECT count(*) FROM conversations').pluck().get()).toBe(2_000)
    } finally {
      next.close()
    }
  })

  it('has the worker move them into the database file while the archive is open', async () => {
    const file = tempFile()
    const archive = openArchive(file, { backgroundCheckpoints: true })
    const sizeBefore = statSync(file).size
    writeRows(archive)
    try {
      await until(() => (statSync(file).size > sizeBefore + 500_000 ? true : undefined))
      expect(archive.count({})).toBe(2_000)
    } finally {
      archive.close()
    }
  })
})
