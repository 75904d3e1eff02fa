import type { Database } from 'better-sqlite3'
import { messageKeys, transcriptDocument } from './transcriptRows'

/** Transcripts read at once: a few thousand messages, whatever the archive's size. */
const BATCH = 500

/**
 * Indexes every archived transcript again from its stored messages, as transcriptDocument
 * makes a document today: for a migration that changes what a document holds. The index is
 * contentless, so its documents cannot be updated in place; it is emptied and filled again.
 * In the caller's transaction: a failure leaves the old index whole.
 */
export function reindexTranscripts(db: Database): void {
  const documents = db.prepare<[number, number], { rowid: number; doc_key: number }>(
    `SELECT conversation_rowid AS rowid, doc_key FROM transcripts
     WHERE doc_key IS NOT NULL AND conversation_rowid > ? ORDER BY conversation_rowid LIMIT ?`
  )
  const contents = db
    .prepare<[number, number], string>(
      'SELECT content FROM transcript_messages WHERE key >= ? AND key < ? ORDER BY key'
    )
    .pluck()
  // An INTEGER: see transcriptSearch.ts on FTS5 and rowids bound as REAL.
  const insert = db.prepare<[number, string]>(
    'INSERT INTO transcripts_fts (rowid, messages) VALUES (CAST(? AS INTEGER), ?)'
  )
  db.exec(`INSERT INTO transcripts_fts (transcripts_fts) VALUES ('delete-all')`)
  for (let after = 0; ;) {
    const batch = documents.all(after, BATCH)
    for (const { rowid, doc_key } of batch) {
      const keys = messageKeys(rowid)
      const messages = contents.all(keys.from, keys.to).map((content) => ({ content }))
      insert.run(doc_key, transcriptDocument(messages))
    }
    if (batch.length < BATCH) return
    after = batch[batch.length - 1].rowid
  }
}
