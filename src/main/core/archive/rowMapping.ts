import type { ArchivedConversation, Conversation, ConversationInput, Party } from '../types'
import { msToIso, msToIsoOrNull, requireIsoMs } from './isoTime'

/** The columns written from a conversation, named as in the table; times in epoch ms. */
export interface ConversationColumns {
  id: string
  assistant_id: string | null
  assistant_name: string | null
  type: string
  variables_json: string | null
  external_identifier: string | null
  message_count: number | null
  total_cost: number | null
  ai_enabled: 0 | 1 | null
  created_at: number
  updated_at: number | null
  sender_name: string | null
  sender_phone: string | null
  customer_name: string | null
  customer_phone: string | null
}

/** The columns a list reads: enough for a `Conversation`, without the raw JSON. */
export interface ConversationRow extends ConversationColumns {
  removed_at: number | null
}

export interface ArchivedConversationRow extends ConversationRow {
  first_seen_at: number
  last_seen_at: number
  raw_json: string
}

/** The columns toColumns fills, as the table names them. */
export const CONVERSATION_COLUMNS = [
  'id',
  'assistant_id',
  'assistant_name',
  'type',
  'variables_json',
  'external_identifier',
  'message_count',
  'total_cost',
  'ai_enabled',
  'created_at',
  'updated_at',
  'sender_name',
  'sender_phone',
  'customer_name',
  'customer_phone'
] as const satisfies readonly (keyof ConversationColumns)[]

/** The select list for ConversationRow, for queries that alias the table as `c`. */
export const CONVERSATION_ROW_COLUMNS = [...CONVERSATION_COLUMNS, 'removed_at']
  .map((column) => `c.${column}`)
  .join(', ')

export function toColumns(conversation: ConversationInput['conversation']): ConversationColumns {
  if (conversation.id === '') throw new RangeError('A conversation has an empty id')
  return {
    id: conversation.id,
    assistant_id: conversation.assistant_id,
    assistant_name: conversation.assistant_name,
    type: conversation.type,
    variables_json: conversation.variables === null ? null : JSON.stringify(conversation.variables),
    external_identifier: conversation.external_identifier,
    message_count: conversation.message_count,
    total_cost: conversation.total_cost,
    ai_enabled: conversation.ai_enabled === null ? null : conversation.ai_enabled ? 1 : 0,
    created_at: requireIsoMs(conversation.created_at, `created_at of ${conversation.id}`),
    updated_at:
      conversation.updated_at === null
        ? null
        : requireIsoMs(conversation.updated_at, `updated_at of ${conversation.id}`),
    sender_name: conversation.whatsapp_sender?.name ?? null,
    sender_phone: conversation.whatsapp_sender?.phone ?? null,
    customer_name: conversation.customer?.name ?? null,
    customer_phone: conversation.customer?.phone ?? null
  }
}

function party(name: string | null, phone: string | null): Party | null {
  return name === null && phone === null ? null : { name, phone }
}

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    assistant_id: row.assistant_id,
    assistant_name: row.assistant_name,
    type: row.type,
    variables:
      row.variables_json === null
        ? null
        : (JSON.parse(row.variables_json) as Record<string, unknown>),
    external_identifier: row.external_identifier,
    message_count: row.message_count,
    total_cost: row.total_cost,
    ai_enabled: row.ai_enabled === null ? null : row.ai_enabled === 1,
    created_at: msToIso(row.created_at),
    updated_at: msToIsoOrNull(row.updated_at),
    whatsapp_sender: party(row.sender_name, row.sender_phone),
    customer: party(row.customer_name, row.customer_phone),
    removed_at: msToIsoOrNull(row.removed_at)
  }
}

export function toArchivedConversation(row: ArchivedConversationRow): ArchivedConversation {
  return {
    ...toConversation(row),
    first_seen_at: msToIso(row.first_seen_at),
    last_seen_at: msToIso(row.last_seen_at),
    raw: JSON.parse(row.raw_json) as unknown
  }
}
