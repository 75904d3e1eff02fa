import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openArchive } from '../src/main/core/archive/openArchive'
import { makeCheckpoint } from '../src/main/core/archive/testArchive'
import { makeRow } from '../src/main/core/archive/testRows'
import { startReaderThread } from '../src/main/core/reader/readerThread'
import { startWriterThread } from '../src/main/core/sync/writerThread'
import { runExport } from '../src/main/core/export/runExport'

/** Where electron-vite puts the main process and the chunks it imports by ?modulePath. */
const BUILT_MAIN = join(__dirname, '../out/main')

/** The chunk built from a worker's source, checked to be the one the main process names. */
function builtChunk(worker: string): string {
  const chunk = readdirSync(BUILT_MAIN).find((name) => new RegExp(`^${worker}-.*\\.js$`).test(name))
  expect(chunk).toBeDefined()
  expect(readFileSync(join(BUILT_MAIN, 'index.js'), 'utf8')).toContain(chunk)
  return join(BUILT_MAIN, chunk!)
}

let dir: string | null = null
beforeAll(() => {
  if (!existsSync(BUILT_MAIN)) throw new Error('Run `npx electron-vite build` first.')
})
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

function tempArchiveFile(): string {
  dir = mkdtempSync(join(tmpdir(), 'cb-built-workers-'))
  return join(dir, 'archive.sqlite3')
}

describe("the app's bundled worker threads", () => {
  it('writer: is built beside the main process, which names it, and writes an archive', async () => {
    const file = tempArchiveFile()
    const archive = openArchive(file)
    const writer = await startWriterThread(file, builtChunk('writerWorker'))
    try {
      await writer.writePage({
        rows: [makeRow({ id: 'from-the-bundle' })],
        seenAt: '2025-02-02T00:00:00.000Z',
        checkpoint: makeCheckpoint({ cursor: 'next' })
      })
      expect(archive.get('from-the-bundle')).not.toBeNull()
      expect(archive.readCheckpoint()?.cursor).toBe('next')
    } finally {
      await writer.close()
      archive.close()
    }
  })

  it('reader: is built beside the main process, which names it, and reads an archive', async () => {
    const file = tempArchiveFile()
    const archive = openArchive(file)
    archive.writePage(
      [makeRow({ id: 'read-by-the-bundle' })],
      '2025-02-02T00:00:00.000Z',
      makeCheckpoint()
    )
    const reader = await startReaderThread(file, builtChunk('readerWorker'))
    try {
      expect((await reader.get('read-by-the-bundle'))?.id).toBe('read-by-the-bundle')
      await expect(reader.search({ phone: '1' })).rejects.toThrow('type at least 3 digits')
    } finally {
      await reader.close()
      archive.close()
    }
  })

  it('export: is built beside the main process, which names it, and exports an archive', async () => {
    const file = tempArchiveFile()
    const archive = openArchive(file)
    archive.writePage(
      [makeRow({ id: 'exported-by-the-bundle' })],
      '2025-02-02T00:00:00.000Z',
      makeCheckpoint()
    )
    archive.close()
    const path = join(dir!, 'out.jsonl')
    const summary = await runExport({
      file,
      request: { filter: {}, format: 'jsonl' },
      path,
      entry: builtChunk('exportWorker')
    })
    expect(summary.rows).toBe(1)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ id: 'exported-by-the-bundle' })
  })
})
