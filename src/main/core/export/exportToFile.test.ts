import { parse } from 'csv-parse/sync'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../archive/testArchive'
import { makeTranscript } from '../archive/testTranscripts'
import { AWKWARD_ROWS, archiveWith, manyRows } from './exportTestArchive'
import { exportToFile, transcriptsDirFor } from './exportToFile'
import { ExportCancelledError } from './exportTypes'

const { tempFile } = useTempDir()

describe('exportToFile', () => {
  it('writes the file whole, leaving nothing else beside it', async () => {
    const archive = archiveWith(tempFile(), AWKWARD_ROWS)
    const path = join(dirname(archive.file), 'out.jsonl')
    const summary = await exportToFile(archive, { filter: {}, format: 'jsonl' }, { path })
    archive.close()
    expect(summary).toEqual({ rows: 3, transcripts: 0, path, transcriptsDir: null })
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3)
    expect(readdirSync(dirname(path)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('replaces an earlier file only when the export is complete', async () => {
    const archive = archiveWith(tempFile(), manyRows(1_500))
    const path = join(dirname(archive.file), 'out.csv')
    writeFileSync(path, 'the earlier export')
    const controller = new AbortController()
    const exporting = exportToFile(
      archive,
      { filter: {}, format: 'csv' },
      {
        path,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'writing' && p.done >= 1_000) controller.abort()
        }
      }
    )
    await expect(exporting).rejects.toBeInstanceOf(ExportCancelledError)
    // Cancelled: the earlier file as it was, and no temporary file left.
    expect(readFileSync(path, 'utf8')).toBe('the earlier export')
    expect(readdirSync(dirname(path)).filter((name) => !name.startsWith('archive.'))).toEqual([
      'out.csv'
    ])
    await exportToFile(archive, { filter: {}, format: 'csv' }, { path })
    archive.close()
    expect(parse(readFileSync(path, 'utf8'), { columns: true })).toHaveLength(1_500)
  })

  it('leaves no file at all when cancelled with none there before', async () => {
    const archive = archiveWith(tempFile(), manyRows(1_500))
    const dir = dirname(archive.file)
    const controller = new AbortController()
    const exporting = exportToFile(
      archive,
      { filter: {}, format: 'csv', transcripts: true },
      {
        path: join(dir, 'calls.csv'),
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'counting') controller.abort()
        }
      }
    )
    await expect(exporting).rejects.toBeInstanceOf(ExportCancelledError)
    archive.close()
    expect(readdirSync(dir).filter((name) => !name.startsWith('archive.'))).toEqual([])
  })

  it('puts CSV transcripts in a folder beside the file, one text file each where archived', async () => {
    const archive = archiveWith(tempFile(), AWKWARD_ROWS)
    archive.writeTranscript(makeTranscript('quotes', ['Hola', 'Buenos días 😀']))
    const path = join(dirname(archive.file), 'calls.csv')
    const summary = await exportToFile(
      archive,
      { filter: {}, format: 'csv', transcripts: true },
      { path }
    )
    archive.close()
    const folder = transcriptsDirFor(path)
    expect(folder).toBe(join(dirname(path), 'calls-transcripts'))
    expect(summary).toMatchObject({ rows: 3, transcripts: 1, transcriptsDir: folder })
    expect(readdirSync(folder)).toEqual(['transcript-quotes.txt'])
    const text = readFileSync(join(folder, 'transcript-quotes.txt'), 'utf8')
    expect(text).toContain('Customer: Hola\nAssistant: Buenos días 😀')
    expect(existsSync(path)).toBe(true)
  })

  it('fails with the file system’s reason, leaving nothing behind', async () => {
    const archive = archiveWith(tempFile(), AWKWARD_ROWS)
    const path = join(dirname(archive.file), 'no-such-folder', 'out.csv')
    await expect(exportToFile(archive, { filter: {}, format: 'csv' }, { path })).rejects.toThrow(
      /ENOENT/
    )
    archive.close()
  })
})
