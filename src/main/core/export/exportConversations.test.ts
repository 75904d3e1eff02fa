import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../archive/testArchive'
import { makeRow } from '../archive/testRows'
import { makeTranscript } from '../archive/testTranscripts'
import type { Conversation } from '../types'
import { conversationPages } from './conversationPages'
import { exportConversations, type ExportSource } from './exportConversations'
import { AWKWARD_ROWS, archiveWith, manyRows } from './exportTestArchive'
import { ExportCancelledError, type ExportProgress, type ExportRequest } from './exportTypes'

const { tempFile } = useTempDir()

async function exportText(
  source: ExportSource,
  request: ExportRequest,
  progress: ExportProgress[] = []
): Promise<string> {
  const chunks: string[] = []
  await exportConversations(source, request, {
    sink: { write: async (text) => void chunks.push(text) },
    onProgress: (p) => progress.push(p)
  })
  return chunks.join('')
}

function readCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[]
}

describe('exportConversations as CSV', () => {
  it('reads back through a standard CSV parser with every awkward value intact', async () => {
    const archive = archiveWith(tempFile(), AWKWARD_ROWS)
    const text = await exportText(archive, { filter: {}, format: 'csv' })
    archive.close()
    // RFC 4180: CRLF ends every record, including the last.
    expect(text.endsWith('\r\n')).toBe(true)
    const [quotes, formulas, plain] = readCsv(text)
    expect(quotes).toMatchObject({
      id: 'quotes',
      type: 'whatsapp',
      customer_name: 'Anna "Nan" O\'Brien, Jr.',
      customer_phone: '+14155550001',
      sender_name: 'Acme Corp Support',
      'variables.note': 'line one\nline two\r\nline three',
      'variables.mood': '😀 café',
      'variables.score': '-3',
      created_at: '2025-01-25T14:30:00.000Z',
      ai_enabled: 'true',
      removed_at: ''
    })
    // Each formula-like cell shows as text: one leading quote, the value otherwise whole.
    expect(formulas).toMatchObject({
      external_identifier: '\'=HYPERLINK("http://evil.example","click")',
      customer_name: "'@SUM(A1:A9)",
      'variables.plus': "'+cmd|calc",
      'variables.minus': "'-2+3",
      'variables.tab': "'\tlead",
      'variables.cr': "'\rlead",
      // Plain numbers, signed or not, stay numbers.
      'variables.negative': '-12.5',
      'variables.positive': '+42'
    })
    expect(plain).toMatchObject({
      total_cost: '',
      message_count: '',
      ai_enabled: 'false',
      'variables.nested': '{"a":[1,2]}',
      'variables.flag': 'true',
      'variables.note': ''
    })
  })

  it('has the list columns, then one column per variable key of the exported rows, sorted', async () => {
    const archive = archiveWith(tempFile(), AWKWARD_ROWS)
    const text = await exportText(archive, { filter: { type: 'whatsapp' }, format: 'csv' })
    archive.close()
    const [header] = parse(text) as string[][]
    expect(header).toEqual([
      'id',
      'type',
      'assistant_id',
      'assistant_name',
      'customer_name',
      'customer_phone',
      'sender_name',
      'sender_phone',
      'external_identifier',
      'message_count',
      'total_cost',
      'ai_enabled',
      'created_at',
      'updated_at',
      'removed_at',
      // Only the WhatsApp row's keys: the filter applies to the columns too.
      'variables.mood',
      'variables.note',
      'variables.score'
    ])
  })

  it('writes costs and counts as the numbers they are', async () => {
    const archive = archiveWith(tempFile(), AWKWARD_ROWS)
    const text = await exportText(archive, { filter: { phone: '5550001' }, format: 'csv' })
    archive.close()
    const rows = parse(text, { columns: true, cast: true }) as Record<string, unknown>[]
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ message_count: 3, total_cost: 0.001, 'variables.score': -3 })
  })

  it('guards a formula-like variable key in the header too', async () => {
    const archive = archiveWith(tempFile(), [
      {
        ...AWKWARD_ROWS[2]!,
        conversation: { ...AWKWARD_ROWS[2]!.conversation, variables: { '=x': 1 } }
      }
    ])
    const text = await exportText(archive, { filter: {}, format: 'csv' })
    archive.close()
    expect((parse(text) as string[][])[0]?.at(-1)).toBe('variables.=x')
  })
})

describe('exportConversations as JSON Lines', () => {
  it('writes each conversation on its own line exactly as the search answers it', async () => {
    const archive = archiveWith(tempFile(), AWKWARD_ROWS)
    const text = await exportText(archive, { filter: {}, format: 'jsonl' })
    const expected = archive.search({ limit: 10 }).conversations
    archive.close()
    const lines = text.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.map((line) => JSON.parse(line) as Conversation)).toEqual(expected)
    // No formula guard: the values are as archived.
    expect(text).toContain('"external_identifier":"=HYPERLINK(')
    expect(text).toContain('"note":"line one\\nline two\\r\\nline three"')
  })

  it('adds the archived transcript, or null where none is archived', async () => {
    const archive = archiveWith(tempFile(), AWKWARD_ROWS)
    archive.writeTranscript(makeTranscript('quotes', ['Hola 👋', 'Buenos días']))
    const text = await exportText(archive, { filter: {}, format: 'jsonl', transcripts: true })
    archive.close()
    const [quotes, formulas] = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as object)
    expect(quotes).toMatchObject({
      id: 'quotes',
      transcript: {
        fetched_at: '2025-02-03T00:00:00.000Z',
        messages: [
          { role: 'user', content: 'Hola 👋' },
          { role: 'assistant', content: 'Buenos días' }
        ]
      }
    })
    expect(formulas).toMatchObject({ id: 'formulas', transcript: null })
  })
})

describe('exportConversations over many rows', () => {
  it('streams every row, newest first, a page at a time, with progress', async () => {
    const rows = manyRows(2_345)
    const archive = archiveWith(tempFile(), rows)
    const pageSizes: number[] = []
    const source: ExportSource = {
      search: (query) => {
        const page = archive.search(query)
        pageSizes.push(page.conversations.length)
        return page
      },
      count: (query, cap) => archive.count(query, cap),
      transcript: (id) => archive.transcript(id)
    }
    const progress: ExportProgress[] = []
    const text = await exportText(source, { filter: {}, format: 'csv' }, progress)
    archive.close()
    const records = readCsv(text)
    expect(records.map((r) => r.id)).toEqual(rows.map((r) => r.conversation.id))
    expect(records[4]).toMatchObject({ 'variables.even': '4', 'variables.odd': '' })
    // Two passes (keys, then rows), never more than a page of 500 in hand.
    expect(Math.max(...pageSizes)).toBe(500)
    expect(pageSizes).toHaveLength(10)
    expect(progress.at(-1)).toEqual({ phase: 'writing', done: 2_345, total: 2_345 })
    expect(progress.filter((p) => p.phase === 'counting').at(-1)?.done).toBe(2_345)
  })

  it('stops at the limit and honours every filter', async () => {
    const archive = archiveWith(tempFile(), manyRows(1_200))
    const progress: ExportProgress[] = []
    const text = await exportText(
      archive,
      {
        filter: { type: 'whatsapp', createdTo: '2024-12-31T23:00:00Z' },
        format: 'jsonl',
        limit: 7
      },
      progress
    )
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Conversation)
    expect(lines.map((c) => c.id)).toEqual(
      archive
        .search({ type: 'whatsapp', createdTo: '2024-12-31T23:00:00Z', limit: 7 })
        .conversations.map((c) => c.id)
    )
    archive.close()
    expect(lines.every((c) => c.type === 'whatsapp')).toBe(true)
    expect(progress.at(-1)).toEqual({ phase: 'writing', done: 7, total: 7 })
  })

  it('walks the same rows as the search pages do', () => {
    const archive = archiveWith(tempFile(), manyRows(1_050))
    const ids = [...conversationPages(archive, { type: 'widget' }, null, 100)].flatMap((page) =>
      page.conversations.map((c) => c.id)
    )
    expect(ids).toHaveLength(archive.count({ type: 'widget' }, 10_000))
    expect(new Set(ids).size).toBe(ids.length)
    archive.close()
  })

  it('writes the rows its first pass read, though a sync adds newer ones in between', async () => {
    const rows = manyRows(1_200)
    const archive = archiveWith(tempFile(), rows)
    let added = false
    const chunks: string[] = []
    await exportConversations(
      archive,
      { filter: { createdFrom: '2024-12-31' }, format: 'csv' },
      {
        sink: { write: async (text) => void chunks.push(text) },
        onProgress: (p) => {
          if (p.phase !== 'writing' || added) return
          added = true
          archiveWith(archive.file, [
            makeRow({ id: 'newer', created_at: '2025-06-01T00:00:00.000Z', variables: { x: 1 } })
          ]).close()
        }
      }
    )
    expect(archive.count({}, 10_000)).toBe(1_201)
    archive.close()
    const records = readCsv(chunks.join(''))
    expect(records.map((r) => r.id)).toEqual(
      rows.filter((r) => r.conversation.created_at >= '2024-12-31').map((r) => r.conversation.id)
    )
    expect(Object.keys(records[0] ?? {})).not.toContain('variables.x')
  })

  it('stops with ExportCancelledError when its signal aborts', async () => {
    const archive = archiveWith(tempFile(), manyRows(2_000))
    const controller = new AbortController()
    const written: string[] = []
    const exporting = exportConversations(
      archive,
      { filter: {}, format: 'jsonl' },
      {
        sink: { write: async (text) => void written.push(text) },
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done >= 500) controller.abort()
        }
      }
    )
    await expect(exporting).rejects.toBeInstanceOf(ExportCancelledError)
    archive.close()
    expect(written).toHaveLength(1)
  })
})
