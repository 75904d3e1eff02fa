import type { Archive } from '../archive/archive'
import { openArchive } from '../archive/openArchive'
import { makeCheckpoint } from '../archive/testArchive'
import { makeRow, makeWhatsAppRow } from '../archive/testRows'
import type { ConversationInput } from '../types'

const SEEN = '2025-02-02T00:00:00.000Z'

/**
 * Test-only: conversations whose values a CSV writer must get right: quotes, commas, line
 * breaks, emoji, values a spreadsheet would run as formulas, and negative numbers.
 */
export const AWKWARD_ROWS: readonly ConversationInput[] = [
  makeWhatsAppRow('quotes', '+14155550001', {
    created_at: '2025-01-25T14:30:00.000Z',
    customer: { name: 'Anna "Nan" O\'Brien, Jr.', phone: '+14155550001' },
    variables: { note: 'line one\nline two\r\nline three', mood: '😀 café', score: -3 }
  }),
  makeRow({
    id: 'formulas',
    type: 'api',
    created_at: '2025-01-24T10:00:00.000Z',
    external_identifier: '=HYPERLINK("http://evil.example","click")',
    customer: { name: '@SUM(A1:A9)', phone: '+1 415 555 0002' },
    variables: {
      plus: '+cmd|calc',
      minus: '-2+3',
      tab: '\tlead',
      cr: '\rlead',
      negative: '-12.5',
      positive: '+42'
    }
  }),
  makeRow({
    id: 'plain',
    created_at: '2025-01-23T09:00:00.000Z',
    total_cost: null,
    ai_enabled: false,
    message_count: null,
    variables: { nested: { a: [1, 2] }, flag: true }
  })
]

/** A fresh archive at `file` holding `rows`, written a page of 500 at a time. */
export function archiveWith(file: string, rows: readonly ConversationInput[]): Archive {
  const archive = openArchive(file)
  for (let i = 0; i < rows.length; i += 500) {
    archive.writePage(rows.slice(i, i + 500), SEEN, makeCheckpoint())
  }
  return archive
}

/** `count` conversations, one a minute back from 2025-01-01, some removed-looking variety. */
export function manyRows(count: number): ConversationInput[] {
  const start = Date.parse('2025-01-01T00:00:00.000Z')
  return Array.from({ length: count }, (_, i) =>
    makeRow({
      id: `row-${String(i).padStart(7, '0')}`,
      type: i % 3 === 0 ? 'whatsapp' : 'widget',
      created_at: new Date(start - i * 60_000).toISOString(),
      total_cost: i / 1000,
      variables: i % 2 === 0 ? { even: String(i) } : { odd: i }
    })
  )
}
