import Database from 'better-sqlite3'
import type { Archive, TranscriptToWrite } from './archive'
import type { TranscriptMessage } from '../types'

/** Test-only: a fetched transcript of `contents`, user and assistant in turn. */
export function makeTranscript(
  id: string,
  contents: readonly string[],
  overrides: Partial<TranscriptToWrite> = {}
): TranscriptToWrite {
  const messages: TranscriptMessage[] = contents.map((content, i) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    content
  }))
  return {
    id,
    fetchedAt: '2025-02-03T00:00:00.000Z',
    messages,
    messageCount: messages.length,
    updatedAt: '2025-01-25T14:45:22.000Z',
    ...overrides
  }
}

/** The transcript as the list shows the conversation now, so it is current once written. */
export function currentTranscript(
  archive: Archive,
  id: string,
  contents: readonly string[]
): TranscriptToWrite {
  const conversation = archive.get(id)
  if (!conversation) throw new Error(`No conversation ${id}`)
  return makeTranscript(id, contents, {
    messageCount: conversation.message_count,
    updatedAt: conversation.updated_at
  })
}

/**
 * The transcripts' index agrees with the transcripts: FTS5's own integrity check, and one
 * document for each transcript with messages, under its key. Run on a connection of its own.
 */
export function checkTranscriptIndex(file: string): void {
  const db = new Database(file)
  try {
    db.prepare("INSERT INTO transcripts_fts (transcripts_fts) VALUES ('integrity-check')").run()
    const documents = db.prepare('SELECT id FROM transcripts_fts_docsize ORDER BY id').pluck().all()
    const keys = db
      .prepare('SELECT doc_key FROM transcripts WHERE doc_key IS NOT NULL ORDER BY doc_key')
      .pluck()
      .all()
    if (JSON.stringify(documents) !== JSON.stringify(keys)) {
      throw new Error(`Index documents ${JSON.stringify(documents)}, keys ${JSON.stringify(keys)}`)
    }
  } finally {
    db.close()
  }
}
