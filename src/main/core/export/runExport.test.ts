import { parse } from 'csv-parse/sync'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../archive/testArchive'
import { UsageError } from '../errors'
import { SOURCE_EXPORT_ENTRY } from './exportEntry'
import { AWKWARD_ROWS, archiveWith, manyRows } from './exportTestArchive'
import { ExportCancelledError, type ExportProgress } from './exportTypes'
import { runExport } from './runExport'
import { SOURCE_READER_ENTRY } from '../reader/readerEntry'
import { startReaderThread } from '../reader/readerThread'

const { tempFile } = useTempDir()

describe.each([
  ['on its thread', SOURCE_EXPORT_ENTRY],
  ['on this thread', undefined]
])('runExport %s', (_, entry) => {
  it('writes the file with progress, on a connection of its own', async () => {
    const file = tempFile()
    archiveWith(file, AWKWARD_ROWS).close()
    const path = join(dirname(file), 'out.csv')
    const progress: ExportProgress[] = []
    const summary = await runExport({
      file,
      request: { filter: { removed: 'include' }, format: 'csv' },
      path,
      entry,
      onProgress: (p) => progress.push(p)
    })
    expect(summary).toEqual({ rows: 3, transcripts: 0, path, transcriptsDir: null })
    expect(progress.at(-1)).toEqual({ phase: 'writing', done: 3, total: 3 })
    const rows = parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[]
    expect(rows.map((row) => row.id)).toEqual(['quotes', 'formulas', 'plain'])
  })

  it('cancels, removing what it wrote', async () => {
    const file = tempFile()
    archiveWith(file, manyRows(4_000)).close()
    const path = join(dirname(file), 'out.jsonl')
    const controller = new AbortController()
    const exporting = runExport({
      file,
      request: { filter: {}, format: 'jsonl' },
      path,
      entry,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 500) controller.abort()
      }
    })
    await expect(exporting).rejects.toBeInstanceOf(ExportCancelledError)
    expect(existsSync(path)).toBe(false)
    expect(readdirSync(dirname(file)).filter((name) => !name.startsWith('archive.'))).toEqual([])
  })

  it('rejects bad filters with the UsageError’s sentence', async () => {
    const file = tempFile()
    archiveWith(file, AWKWARD_ROWS).close()
    const exporting = runExport({
      file,
      request: { filter: { phone: '1' }, format: 'csv' },
      path: join(dirname(file), 'out.csv'),
      entry
    })
    await expect(exporting).rejects.toBeInstanceOf(UsageError)
    await expect(exporting).rejects.toThrow('To search by phone, type at least 3 digits.')
  })
})

describe('an export beside the window', () => {
  it(
    'never makes a search wait: the reader answers while the export thread writes',
    { timeout: 30_000 },
    async () => {
      const file = tempFile()
      archiveWith(file, manyRows(12_000)).close()
      const reader = await startReaderThread(file, SOURCE_READER_ENTRY)
      try {
        let writing: () => void = () => undefined
        const started = new Promise<void>((resolve) => (writing = resolve))
        let ended = false
        const exporting = runExport({
          file,
          request: { filter: {}, format: 'csv' },
          path: join(dirname(file), 'out.csv'),
          entry: SOURCE_EXPORT_ENTRY,
          onProgress: (p) => {
            if (p.phase === 'writing') writing()
          }
        }).finally(() => (ended = true))
        await started
        const page = await reader.search({ type: 'whatsapp', limit: 50 })
        expect(page.conversations).toHaveLength(50)
        // The search came back while the export was still writing, not after it.
        expect(ended).toBe(false)
        expect((await exporting).rows).toBe(12_000)
      } finally {
        await reader.close()
      }
    }
  )
})
