/**
 * Domain types shared by every core module: the app's model, defined in src/shared/model because
 * the IPC contract and the renderer speak it too, and the core's own shapes of pages on their way
 * in. The API's own shapes (as received) live in api/conversationSchema.ts.
 */
import type { Conversation } from '../../shared/model/conversation'

export { CONVERSATION_TYPES, type ConversationType } from '../../shared/model/conversation'
export type { Party, Conversation, ArchivedConversation } from '../../shared/model/conversation'
export type {
  RemovedFilter,
  SearchQuery,
  SearchPage,
  SnippetPart,
  MessageSnippet
} from '../../shared/model/search'
export type { GroupStats, ArchiveStats } from '../../shared/model/stats'
export type { TranscriptMessage, ArchivedTranscript } from '../../shared/model/transcript'
export { CUSTOMER_CONVERSATION_LIMIT, type CustomerOverview } from '../../shared/model/customer'

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
