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
