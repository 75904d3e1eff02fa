import type { SyncProgress, SyncSummary } from '../../../shared/model/sync'
import type { BackfillProgress, BackfillSummary } from '../transcripts/backfillTranscripts'
import { speaker } from '../../../shared/transcriptFormat'
import type { ArchivedConversation, Conversation, MessageSnippet } from '../types'
import type { Insights, PhoneFigures } from '../../../shared/model/insights'

const cost = (value: number | null): string => (value === null ? '-' : `$${value.toFixed(4)}`)
const minute = (iso: string | null): string =>
  iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '-'

function who(conversation: Conversation): string {
  const customer = conversation.customer
  if (customer) return [customer.name, customer.phone].filter(Boolean).join(' ') || '-'
  return conversation.external_identifier ?? '-'
}

// eslint-disable-next-line no-control-regex -- they are what it finds, to replace them
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f\x9b]/g

/**
 * A value on one line: a name or a message can hold line breaks, tabs or terminal escapes,
 * which would break a table's rows or rewrite what the terminal shows.
 */
function oneLine(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim()
}

/** A cell on one line, keeping the indentation a table gives the rows under a heading. */
function cellText(cell: string): string {
  return (/^ */.exec(cell)?.[0] ?? '') + oneLine(cell)
}

function tableLines(rows: string[][], minWidths: readonly number[] = []): string[] {
  const cells = rows.map((row) => row.map(cellText))
  const widths =
    cells[0]?.map((_, i) =>
      Math.max(minWidths[i] ?? 0, ...cells.map((row) => row[i]?.length ?? 0))
    ) ?? []
  return cells.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  )
}

function columns(rows: string[][]): string {
  return tableLines(rows).join('\n')
}

/** Where a text search matched a transcript, the matched words in [brackets]. */
function snippetLine(snippet: MessageSnippet): string {
  const text = snippet.parts.map((part) => (part.match ? `[${part.text}]` : part.text)).join('')
  return `    ${speaker(snippet.role)}, message ${snippet.position + 1}: ${oneLine(text)}`
}

const LIST_HEADER = [
  'CREATED (UTC)',
  'TYPE',
  'CUSTOMER / EXTERNAL ID',
  'ASSISTANT',
  'MSGS',
  'COST',
  'ID'
]

function listRow(c: Conversation): string[] {
  return [
    minute(c.created_at),
    c.removed_at ? `${c.type} (removed)` : c.type,
    who(c),
    c.assistant_name ?? c.assistant_id ?? '-',
    String(c.message_count ?? '-'),
    cost(c.total_cost),
    c.id
  ]
}

/** A conversation of a search across accounts: `account` is its account's name. */
export type ListedConversation = Conversation & { account?: string }

/**
 * The list as a table written a page at a time, for rows that stream out: the header comes with
 * the first page, and a column widens when a later page needs it, never narrows, so the rows
 * stay aligned as far as a table already printed allows. With `accountColumn`, each row starts
 * with its conversation's account.
 */
export function conversationTable(options: { accountColumn?: boolean } = {}): {
  page(conversations: ListedConversation[], snippets?: Record<string, MessageSnippet>): string[]
} {
  const accountColumn = options.accountColumn ?? false
  const header = accountColumn ? ['ACCOUNT', ...LIST_HEADER] : LIST_HEADER
  const row = (c: ListedConversation): string[] =>
    accountColumn ? [c.account ?? '-', ...listRow(c)] : listRow(c)
  let widths: number[] = []
  let first = true
  return {
    page(conversations, snippets = {}) {
      const rows = conversations.map(row)
      const lines = tableLines(first ? [header, ...rows] : rows, widths)
      widths = [...(first ? [header] : []), ...rows].reduce(
        (max, row) => row.map((cell, i) => Math.max(max[i] ?? 0, oneLine(cell).length)),
        widths
      )
      const headerLine = first ? lines.splice(0, 1) : []
      first = false
      return [
        ...headerLine,
        ...lines.flatMap((line, i) => {
          const snippet = snippets[conversations[i]?.id ?? '']
          return snippet ? [line, snippetLine(snippet)] : [line]
        })
      ]
    }
  }
}

export function formatConversationList(
  conversations: Conversation[],
  snippets: Record<string, MessageSnippet> = {}
): string {
  if (conversations.length === 0) return 'No conversations match.'
  return conversationTable().page(conversations, snippets).join('\n')
}

export function formatConversation(c: ArchivedConversation): string {
  const lines: [string, string][] = [
    ['id', c.id],
    ['type', c.type],
    ['assistant', `${c.assistant_name ?? '-'} (${c.assistant_id ?? '-'})`],
    ['customer', c.customer ? `${c.customer.name ?? '-'} ${c.customer.phone ?? ''}`.trim() : '-'],
    [
      'whatsapp sender',
      c.whatsapp_sender
        ? `${c.whatsapp_sender.name ?? '-'} ${c.whatsapp_sender.phone ?? ''}`.trim()
        : '-'
    ],
    ['external id', c.external_identifier ?? '-'],
    ['messages', String(c.message_count ?? '-')],
    ['total cost', cost(c.total_cost)],
    ['ai enabled', c.ai_enabled === null ? '-' : c.ai_enabled ? 'yes' : 'no'],
    ['created', c.created_at],
    ['updated', c.updated_at ?? '-'],
    ['first seen', c.first_seen_at],
    ['last seen', c.last_seen_at],
    ['removed', c.removed_at ?? '-']
  ]
  const variables = Object.entries(c.variables ?? {}).map(([key, value]): [string, string] => [
    `  ${key}`,
    typeof value === 'string' ? value : JSON.stringify(value)
  ])
  return columns([...lines, ['variables', variables.length === 0 ? '-' : ''], ...variables])
}

const percent = (share: number | null): string =>
  share === null ? '-' : `${(share * 100).toFixed(1)}%`

/** `stats`: totals, then each breakdown the dashboard draws, as rows of count and cost. */
export function formatInsights(figures: Insights): string {
  const types = Object.entries(figures.by_type).map(([type, count]) => [
    `  ${type}`,
    String(count),
    cost(figures.by_type_cost[type] ?? 0)
  ])
  const assistants = figures.by_assistant.map((a) => [
    `  ${a.assistant_name ?? a.assistant_id ?? '(none)'}`,
    String(a.count),
    cost(a.total_cost)
  ])
  const phones = (list: PhoneFigures[]): string[][] =>
    list.map((p) => [
      `  ${[p.name, p.phone].filter(Boolean).join(' ')}`,
      String(p.count),
      cost(p.total_cost)
    ])
  const periods = figures.by_period
    .filter((period) => period.count > 0)
    .map((period) => [`  ${period.start}`, String(period.count), cost(period.total_cost)])
  return columns([
    ['', 'COUNT', 'COST'],
    ['total', String(figures.total), cost(figures.total_cost)],
    ['removed from server', String(figures.removed), ''],
    ['ai enabled', String(figures.ai_enabled), percent(figures.ai_enabled_share)],
    [
      'messages per conversation',
      figures.average_messages === null ? '-' : figures.average_messages.toFixed(1),
      ''
    ],
    ['first day (UTC)', figures.from ?? '-', ''],
    ['last day (UTC)', figures.to ?? '-', ''],
    ['by type', '', ''],
    ...types,
    ['by assistant', '', ''],
    ...assistants,
    ['by whatsapp sender', '', ''],
    ...phones(figures.by_sender),
    ['top customers', '', ''],
    ...phones(figures.top_customers),
    [`by ${figures.unit} (with conversations)`, '', ''],
    ...periods
  ])
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

export function formatProgress(p: SyncProgress): string {
  return (
    `${p.resumed ? 'resumed ' : ''}${p.mode} sync: ${plural(p.pages, 'page')}, ${plural(p.rows, 'row')} ` +
    `(${p.inserted} new, ${p.updated} updated) ${p.rowsPerSecond} rows/s`
  )
}

export function formatSyncSummary(s: SyncSummary): string {
  const ending = s.complete ? 'every page walked' : 'stopped at the first page with nothing new'
  return (
    `${s.mode === 'full' ? 'Full' : 'Quick'} sync done in ${(s.durationMs / 1000).toFixed(1)} s ` +
    `(${ending}): ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged, ` +
    `${s.removed} marked removed; ${s.requests} requests.`
  )
}

/** "3 min", "2 h 5 min", "11 days 12 h": precise enough for a wait of minutes to weeks. */
export function formatDuration(ms: number): string {
  const minutes = Math.ceil(ms / 60_000)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`
  const days = Math.floor(hours / 24)
  return hours % 24 === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${hours % 24} h`
}

export function formatBackfillProgress(p: BackfillProgress): string {
  const count = `${p.done} of ${p.total} transcripts`
  if (p.remainingMs === null || p.remainingMs === 0) return count
  const left = p.remainingMs < 60_000 ? 'under a minute' : `about ${formatDuration(p.remainingMs)}`
  return `${count}, ${left} left at the API's limit`
}

export function formatBackfillSummary(s: BackfillSummary): string {
  return (
    `Transcripts: ${s.fetched} fetched, ${s.notFound} no longer on the server, ` +
    `${s.failed} failed; ${s.remaining} still to fetch.`
  )
}

/** One row of `accounts`: an archive that cannot be read has `problem` instead of figures. */
export interface AccountRow {
  name: string
  isDefault: boolean
  baseUrl: string
  archivePath: string
  conversations: number | null
  lastSyncAt: string | null
  problem: string | null
}

export function formatAccountList(accounts: readonly AccountRow[]): string {
  const rows = accounts.map((account) => [
    account.isDefault ? `${account.name} (default)` : account.name,
    account.baseUrl,
    account.problem === null ? (account.conversations ?? 0).toLocaleString('en') : '-',
    account.problem === null ? (account.lastSyncAt ? minute(account.lastSyncAt) : 'never') : '-',
    account.archivePath
  ])
  const lines = tableLines([
    ['NAME', 'API', 'CONVERSATIONS', 'LAST SYNC (UTC)', 'ARCHIVE'],
    ...rows
  ])
  // A problem goes under its row, as a search's snippet does: a cell would stretch the table.
  return lines
    .flatMap((line, i) => {
      const problem = i === 0 ? null : accounts[i - 1]?.problem
      return problem ? [line, `    ${oneLine(problem)}`] : [line]
    })
    .join('\n')
}
