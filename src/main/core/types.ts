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
  /**
   * Free text over customer and sender names, assistant name, external id, variables and the
   * archived transcripts' messages. Words match as prefixes; a "quoted phrase" as a phrase.
   */
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
  /**
   * For a text search: by conversation id, where its transcript matched. A conversation found
   * through its names or variables alone has no entry.
   */
  snippets?: Record<string, MessageSnippet>
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

/**
 * One message of a transcript as the archive keeps it: `function_calls` exactly as received
 * (each `{name, arguments, result}` in the documented shape, but never reshaped), absent when the
 * message had none.
 */
export interface TranscriptMessage {
  role: string
  content: string
  function_calls?: unknown[]
}

/** A conversation's archived transcript, for the detail pane, the customer view and `history`. */
export interface ArchivedTranscript {
  /** The conversation's id. */
  id: string
  /** When the transcript was last fetched (ISO-8601 UTC); null when it never was. */
  fetched_at: string | null
  /** Oldest first; null when never fetched, [] when fetched and empty. */
  messages: TranscriptMessage[] | null
  /** The conversation's message_count and updated_at as the list showed them at that fetch. */
  fetched_message_count: number | null
  fetched_updated_at: string | null
  /** When the server last answered "Conversation not found"; what was archived is kept. */
  not_found_at: string | null
  /** The list shows the conversation changed since the fetch: a fresh copy is due. */
  stale: boolean
}

/** A piece of a snippet: matched words are `match: true`, so the UI marks them without HTML. */
export interface SnippetPart {
  text: string
  match: boolean
}

/** Where the words of a text search were found in a conversation's transcript. */
export interface MessageSnippet {
  /** The message's role and its position in the transcript (0 for the first). */
  role: string
  position: number
  parts: SnippetPart[]
}

/** The most conversations a customer view lists; its count and totals cover them all. */
export const CUSTOMER_CONVERSATION_LIMIT = 500

/** Everything about one customer: every conversation with their number, in any spelling. */
export interface CustomerOverview {
  /** The number as asked for, and for display (international format where it parses). */
  phone: string
  display: string
  /** The customer's name as the newest conversation that names them has it. */
  name: string | null
  /** Newest first, across every type; at most CUSTOMER_CONVERSATION_LIMIT of them. */
  conversations: Conversation[]
  /** Every conversation with the number, and their summed cost. */
  count: number
  total_cost: number
  first_contact_at: string | null
  last_contact_at: string | null
}
