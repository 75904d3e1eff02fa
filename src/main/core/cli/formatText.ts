import type { SyncProgress, SyncSummary } from '../sync/syncProgress'
import type { ArchiveStats, ArchivedConversation, Conversation } from '../types'

const cost = (value: number | null): string => (value === null ? '-' : `$${value.toFixed(4)}`)
const minute = (iso: string | null): string =>
  iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '-'

function who(conversation: Conversation): string {
  const customer = conversation.customer
  if (customer) return [customer.name, customer.phone].filter(Boolean).join(' ') || '-'
  return conversation.external_identifier ?? '-'
}

function columns(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? []
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()
    )
    .join('\n')
}

export function formatConversationList(conversations: Conversation[]): string {
  if (conversations.length === 0) return 'No conversations match.'
  const header = [
    'CREATED (UTC)',
    'TYPE',
    'CUSTOMER / EXTERNAL ID',
    'ASSISTANT',
    'MSGS',
    'COST',
    'ID'
  ]
  const rows = conversations.map((c) => [
    minute(c.created_at),
    c.removed_at ? `${c.type} (removed)` : c.type,
    who(c),
    c.assistant_name ?? c.assistant_id ?? '-',
    String(c.message_count ?? '-'),
    cost(c.total_cost),
    c.id
  ])
  return columns([header, ...rows])
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

export function formatStats(stats: ArchiveStats): string {
  const types = Object.entries(stats.by_type).map(([type, count]) => [
    `  ${type}`,
    String(count),
    cost(stats.by_type_cost[type] ?? 0)
  ])
  const assistants = stats.by_assistant.map((a) => [
    `  ${a.assistant_name ?? a.assistant_id ?? '(none)'}`,
    String(a.count),
    cost(a.total_cost)
  ])
  return columns([
    ['', 'COUNT', 'COST'],
    ['total', String(stats.total), cost(stats.total_cost)],
    ['removed from server', String(stats.removed), ''],
    ['by type', '', ''],
    ...types,
    ['by assistant', '', ''],
    ...assistants
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
