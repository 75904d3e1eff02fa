import {
  DOC_EXAMPLE_CONVERSATIONS,
  generateConversation
} from '../../../src/main/core/mockApi/generateConversations'
import type { ApiConversationJson } from '../../../src/main/core/api/conversationSchema'

/** The documentation's three rows (John Doe at +14155559876 among them) among generated ones. */
export function sampleConversations(generated: number): ApiConversationJson[] {
  const rows = [
    ...DOC_EXAMPLE_CONVERSATIONS,
    ...Array.from({ length: generated }, (_, index) =>
      generateConversation(index, { total: generated })
    )
  ]
  // The API lists newest first; its dates sort as text.
  return rows.sort((a, b) => (a.created_at < b.created_at ? 1 : -1))
}

/** The sample rows with these added, all newest first as the API lists them. */
export function sampleConversationsWith(
  generated: number,
  extra: readonly ApiConversationJson[]
): ApiConversationJson[] {
  return [...sampleConversations(generated), ...extra].sort((a, b) =>
    a.created_at < b.created_at ? 1 : -1
  )
}

/** A WhatsApp conversation of the Support Assistant, in the API's shape, for a test's own rows. */
export function whatsappConversation(
  fields: Pick<ApiConversationJson, 'id' | 'created_at' | 'message_count' | 'total_cost'> &
    Partial<ApiConversationJson>
): ApiConversationJson {
  return {
    assistant_id: DOC_EXAMPLE_CONVERSATIONS[1].assistant_id,
    assistant_name: DOC_EXAMPLE_CONVERSATIONS[1].assistant_name,
    type: 'whatsapp',
    variables: null,
    ai_enabled: true,
    updated_at: fields.created_at,
    whatsapp_sender: { name: 'Acme Corp Support', phone: '+14155551234' },
    ...fields
  }
}
