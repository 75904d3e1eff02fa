/**
 * A conversation as the archive keeps it and every side of the app sees it: IPC, the CLI's JSON
 * output and the renderer.
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
