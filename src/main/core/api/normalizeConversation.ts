import type { ConversationInput, ConversationPage } from '../types'
import {
  apiConversationPageSchema,
  describeSchemaError,
  isRecord,
  type ApiConversation
} from './conversationSchema'

/** A validated row in the archive's shape, with the row's JSON exactly as it was received. */
export function normalizeConversation(row: ApiConversation, raw: unknown): ConversationInput {
  return {
    conversation: {
      id: row.id,
      assistant_id: row.assistant_id,
      assistant_name: row.assistant_name,
      type: row.type,
      variables: row.variables,
      external_identifier: row.external_identifier,
      message_count: row.message_count,
      total_cost: row.total_cost,
      ai_enabled: row.ai_enabled,
      created_at: row.created_at,
      updated_at: row.updated_at,
      whatsapp_sender: row.whatsapp_sender,
      customer: row.customer
    },
    rawJson: JSON.stringify(raw)
  }
}

export type PageParseResult = { ok: true; page: ConversationPage } | { ok: false; problem: string }

/** Checks a parsed list response and normalises its rows; a problem names the field at fault. */
export function parseConversationPage(body: unknown): PageParseResult {
  const result = apiConversationPageSchema.safeParse(body)
  if (!result.success) return { ok: false, problem: describeSchemaError(result.error, body) }
  // Zod leaves its input untouched, so the rows as received are still in `body`.
  const rawRows = isRecord(body) && Array.isArray(body.data) ? body.data : []
  return {
    ok: true,
    page: {
      conversations: result.data.data.map((row, i) => normalizeConversation(row, rawRows[i])),
      nextCursor: result.data.next_cursor,
      prevCursor: result.data.prev_cursor,
      perPage: result.data.per_page
    }
  }
}
