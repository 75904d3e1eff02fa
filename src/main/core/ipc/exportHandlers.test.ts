import { parse } from 'csv-parse/sync'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ExportStatus } from '../../../shared/ipc/contract'
import { useTempDir } from '../archive/testArchive'
import { SOURCE_EXPORT_ENTRY } from '../export/exportEntry'
import { AWKWARD_ROWS, archiveWith, manyRows } from '../export/exportTestArchive'
import type { ConversationInput } from '../types'
import { createExportHandlers } from './exportHandlers'

const { tempFile } = useTempDir()

function setup(rows: readonly ConversationInput[], savePath: (name: string) => string | null) {
  const file = tempFile()
  archiveWith(file, rows).close()
  const events: ExportStatus[] = []
  const offered: string[] = []
  const handlers = createExportHandlers({
    archiveFile: async () => file,
    chooseSavePath: async (name) => {
      offered.push(name)
      const chosen = savePath(name)
      return chosen === null ? null : join(dirname(file), chosen)
    },
    emit: (...[event, payload]) => {
      if (event === 'exportStatus') events.push(payload)
    },
    exportEntry: SOURCE_EXPORT_ENTRY,
    now: () => new Date('2026-12-03T10:00:00Z')
  })
  const ended = (): Promise<ExportStatus> =>
    expect
      .poll(() => events.at(-1)?.phase, { timeout: 20_000 })
      .toMatch(/^(done|failed|cancelled)$/)
      .then(() => events.at(-1)!)
  return { file, dir: dirname(file), events, offered, handlers, ended }
}

describe('export handlers', () => {
  it('offers a dated name, answers running at once, and ends with the file complete', async () => {
    const { dir, events, offered, handlers, ended } = setup(AWKWARD_ROWS, (name) => name)
    const started = await handlers.implementations.startExport({
      query: { type: 'api' },
      format: 'csv',
      transcripts: false
    })
    expect(offered).toEqual(['conversations-2026-12-03.csv'])
    const path = join(dir, 'conversations-2026-12-03.csv')
    expect(started).toMatchObject({ phase: 'running', format: 'csv', step: 'counting', path })
    expect(await ended()).toEqual({
      phase: 'done',
      format: 'csv',
      step: 'writing',
      done: 1,
      total: 1,
      path,
      transcriptsDir: null,
      error: null
    })
    expect(events[0]?.phase).toBe('running')
    const rows = parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[]
    expect(rows.map((row) => row.id)).toEqual(['formulas'])
  })

  it('starts nothing when the save dialog is cancelled', async () => {
    const { dir, handlers } = setup(AWKWARD_ROWS, () => null)
    const answer = await handlers.implementations.startExport({
      query: {},
      format: 'jsonl',
      transcripts: false
    })
    expect(answer.phase).toBe('idle')
    expect(readdirSync(dir).filter((name) => !name.startsWith('archive.'))).toEqual([])
  })

  it('cancels: cancelling, then cancelled, and no file', async () => {
    const { dir, handlers, ended } = setup(manyRows(20_000), () => 'big.jsonl')
    await handlers.implementations.startExport({ query: {}, format: 'jsonl', transcripts: true })
    // A second start while one runs answers its status and asks nothing.
    const again = await handlers.implementations.startExport({
      query: {},
      format: 'csv',
      transcripts: false
    })
    expect(again).toMatchObject({ phase: 'running', format: 'jsonl' })
    expect((await handlers.implementations.cancelExport()).phase).toBe('cancelling')
    expect((await ended()).phase).toBe('cancelled')
    expect(existsSync(join(dir, 'big.jsonl'))).toBe(false)
    expect(readdirSync(dir).filter((name) => !name.startsWith('archive.'))).toEqual([])
  })

  it('says in a sentence why the file could not be written', async () => {
    const { handlers, ended } = setup(AWKWARD_ROWS, () => join('missing', 'out.csv'))
    await handlers.implementations.startExport({ query: {}, format: 'csv', transcripts: false })
    const end = await ended()
    expect(end.phase).toBe('failed')
    expect(end.error).toEqual({
      code: 'file',
      message: `The export could not be saved to ${end.path}: the folder does not exist.`
    })
  })

  it('reports a filter the archive refuses as invalid input', async () => {
    const { handlers, ended } = setup(AWKWARD_ROWS, () => 'out.csv')
    await handlers.implementations.startExport({
      query: { phone: '12' },
      format: 'csv',
      transcripts: false
    })
    expect((await ended()).error).toEqual({
      code: 'invalid-input',
      message: 'To search by phone, type at least 3 digits.'
    })
  })

  it('is cancelled by dispose, leaving nothing behind', async () => {
    const { dir, handlers } = setup(manyRows(20_000), () => 'big.csv')
    await handlers.implementations.startExport({ query: {}, format: 'csv', transcripts: false })
    await handlers.dispose()
    expect(readdirSync(dir).filter((name) => !name.startsWith('archive.'))).toEqual([])
  })
})
