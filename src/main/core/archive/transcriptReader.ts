import type { Database } from 'better-sqlite3'
import type { ArchivedTranscript } from '../types'
import { msToIsoOrNull } from './isoTime'
import { messageKeys, positionOf, toMessage, type MessageRow } from './transcriptRows'

/** Messages read at once: most transcripts in one read, long ones a screenful at a time. */
const MESSAGE_CHUNK = 32

interface TranscriptStateRow {
  rowid: number
  message_count: number | null
  updated_at: number | null
  fetched_at: number | null
  fetched_message_count: number | null
  fetched_updated_at: number | null
  not_found_at: number | null
}

/** One stored message with its position, for finding where a search matched. */
export interface PositionedMessage {
  position: number
  role: string
  content: string
}

export interface TranscriptReader {
  transcript(id: string): ArchivedTranscript | null
  /**
   * A conversation's messages, oldest first, read MESSAGE_CHUNK at a time: a caller that stops
   * early (at the first match) reads little further, and no statement stays open between.
   */
  messages(conversationRowid: number): IterableIterator<PositionedMessage>
}

export function prepareTranscriptReader(db: Database): TranscriptReader {
  const state = db.prepare<[string], TranscriptStateRow>(
    `SELECT c.rowid AS rowid, c.message_count, c.updated_at, t.fetched_at,
       t.fetched_message_count, t.fetched_updated_at, t.not_found_at
     FROM conversations AS c LEFT JOIN transcripts AS t ON t.conversation_rowid = c.rowid
     WHERE c.id = ?`
  )
  const messageRows = db.prepare<[number, number], MessageRow>(
    `SELECT key, role, content, function_calls_json FROM transcript_messages
     WHERE key >= ? AND key < ? ORDER BY key`
  )

  const messageChunk = db.prepare<[number, number, number], MessageRow>(
    `SELECT key, role, content, NULL AS function_calls_json FROM transcript_messages
     WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`
  )

  function* messages(rowid: number): IterableIterator<PositionedMessage> {
    const keys = messageKeys(rowid)
    for (let from = keys.from; ;) {
      const rows = messageChunk.all(from, keys.to, MESSAGE_CHUNK)
      for (const row of rows) {
        const { role, content } = toMessage(row)
        yield { position: positionOf(row.key), role, content }
      }
      if (rows.length < MESSAGE_CHUNK) return
      from = rows[rows.length - 1].key + 1
    }
  }

  return {
    transcript(id) {
      const row = state.get(id)
      if (!row) return null
      const fetched = row.fetched_at !== null
      const keys = messageKeys(row.rowid)
      return {
        id,
        fetched_at: msToIsoOrNull(row.fetched_at),
        messages: fetched ? messageRows.all(keys.from, keys.to).map(toMessage) : null,
        fetched_message_count: row.fetched_message_count,
        fetched_updated_at: msToIsoOrNull(row.fetched_updated_at),
        not_found_at: msToIsoOrNull(row.not_found_at),
        stale:
          fetched &&
          (row.message_count !== row.fetched_message_count ||
            row.updated_at !== row.fetched_updated_at)
      }
    },
    messages
  }
}
