import type { Conversation } from './conversation'

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
