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
