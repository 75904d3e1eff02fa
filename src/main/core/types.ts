/**
 * Domain types shared by every core module. The API's own shapes (as received) live in
 * api/conversationSchema.ts; these are the normalised shapes the archive stores and returns.
 */

export const CONVERSATION_TYPES = ['test', 'widget', 'whatsapp', 'api'] as const
export type ConversationType = (typeof CONVERSATION_TYPES)[number]

export interface Party {
  name: string | null
  phone: string | null
}

/**
 * One conversation as the app, the CLI's JSON output and IPC see it: the API's field names with
 * normalised values (ISO-8601 UTC dates, numeric cost, variables an object or null), plus the
 * archive's own `removed_at`.
 */
export interface Conversation {
  id: string
  assistant_id: string | null
  assistant_name: string | null
  /** One of CONVERSATION_TYPES as documented; an undocumented value is kept as received. */
  type: string
  variables: Record<string, unknown> | null
  external_identifier: string | null
  message_count: number | null
  total_cost: number | null
  ai_enabled: boolean | null
  created_at: string
  updated_at: string | null
  whatsapp_sender: Party | null
  customer: Party | null
  removed_at: string | null
}

/** A conversation with the archive's bookkeeping, for the detail view and `show`. */
export interface ArchivedConversation extends Conversation {
  first_seen_at: string
  last_seen_at: string
  /** The row's JSON exactly as the API sent it. */
  raw: unknown
}

/** One page of the list endpoint after validation and normalisation. */
export interface ConversationPage {
  conversations: ConversationInput[]
  nextCursor: string | null
  prevCursor: string | null
  perPage: number | null
}

/** A conversation ready to be written: normalised fields plus the JSON text as received. */
export interface ConversationInput {
  conversation: Omit<Conversation, 'removed_at'>
  rawJson: string
}

export type RemovedFilter = 'include' | 'exclude' | 'only'

export interface SearchQuery {
  /** Any fragment of a phone number, in any spelling; 3 or more digits. */
  phone?: string
  type?: string
  assistantId?: string
  /** Any fragment of the WhatsApp sender's phone number, as for `phone`. */
  senderPhone?: string
  externalId?: string
  /** Free text over customer and sender names, assistant name, external id and variables. */
  text?: string
  /** Inclusive lower bound on created_at (ISO-8601 date or date-time). */
  createdFrom?: string
  /** Upper bound on created_at: a bare date includes that whole day. */
  createdTo?: string
  removed?: RemovedFilter
  /** Page size, 1-500; default 50. */
  limit?: number
  /** Opaque cursor from a previous SearchPage. */
  cursor?: string | null
}

export interface SearchPage {
  conversations: Conversation[]
  /** Cursor for the next (older) page, or null at the end. */
  nextCursor: string | null
}

export interface GroupStats {
  count: number
  total_cost: number
}

export interface ArchiveStats {
  total: number
  total_cost: number
  removed: number
  by_type: Record<string, number>
  by_type_cost: Record<string, number>
  by_assistant: {
    assistant_id: string | null
    assistant_name: string | null
    count: number
    total_cost: number
  }[]
  oldest_created_at: string | null
  newest_created_at: string | null
}
