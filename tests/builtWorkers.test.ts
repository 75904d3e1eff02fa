import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openArchive } from '../src/main/core/archive/openArchive'
import { makeCheckpoint } from '../src/main/core/archive/testArchive'
import { makeRow } from '../src/main/core/archive/testRows'
import { startWriterThread } from '../src/main/core/sync/writerThread'

/** Where electron-vite puts the main process and the chunks it imports by ?modulePath. */
const BUILT_MAIN = join(__dirname, '../out/main')

let dir: string | null = null
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

describe("the app's bundled writer thread", () => {
  it('is built beside the main process, which names it, and writes an archive', async () => {
    if (!existsSync(BUILT_MAIN)) throw new Error('Run `npx electron-vite build` first.')
    const chunk = readdirSync(BUILT_MAIN).find((name) => /^writerWorker-.*\.js$/.test(name))
    expect(chunk).toBeDefined()
    expect(readFileSync(join(BUILT_MAIN, 'index.js'), 'utf8')).toContain(chunk)

    dir = mkdtempSync(join(tmpdir(), 'cb-built-writer-'))
    const file = join(dir, 'archive.sqlite3')
    const archive = openArchive(file)
    const writer = await startWriterThread(file, join(BUILT_MAIN, chunk!))
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
})
