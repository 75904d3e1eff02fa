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
