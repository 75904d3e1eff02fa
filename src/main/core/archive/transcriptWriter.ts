import type { Database } from 'better-sqlite3'
import { CoreError } from '../errors'
import type { TranscriptToWrite } from './archive'
import { requireIsoMs } from './isoTime'
import { foldedWords } from './textTokens'
import { KEY_SLOTS, isInSecond, overflowKey, secondBase } from './transcriptKey'
import {
  MAX_MESSAGES,
  encodeRole,
  messageKey,
  messageKeys,
  transcriptDocument,
  type StoredRole
} from './transcriptRows'

export type TranscriptTargetState = Omit<TranscriptToWrite, 'messages' | 'fetchedAt'>

export interface TranscriptWriter {
  /**
   * Replaces each conversation's transcript, its messages and its document in the full-text
   * index, in one transaction: a bulk load passes many at once for one commit.
   */
  write(transcripts: readonly TranscriptToWrite[]): void
  /** Records "Conversation not found", keeping whatever transcript is archived. */
  markNotFound(target: TranscriptTargetState, at: string): void
  /**
   * Moves a conversation's document to the key of its new created_at. For the page writer, in
   * its transaction, when the list changes a conversation's created_at (which the API never
   * should): a document keyed by the old time would be walked out of order.
   */
  rekey(conversationRowid: number, createdAtMs: number): void
}

/**
 * Words this connection knows are in transcript_words, so the common ones are not written
 * again with every transcript. Bounded: emptied when full, and after a failed write, whose
 * words were rolled back.
 */
const KNOWN_WORDS_MAX = 200_000

interface ConversationState {
  rowid: number
  created_at: number
}

export function prepareTranscriptWriter(db: Database): TranscriptWriter {
  const findConversation = db.prepare<[string], ConversationState>(
    'SELECT rowid, created_at FROM conversations WHERE id = ?'
  )
  const findDocKey = db
    .prepare<[number], number | null>(
      'SELECT doc_key FROM transcripts WHERE conversation_rowid = ?'
    )
    .pluck()
  const lastKeyInSecond = db
    .prepare<[number, number], number | null>(
      'SELECT max(doc_key) FROM transcripts WHERE doc_key >= ? AND doc_key < ?'
    )
    .pluck()
  const keysInSecond = db
    .prepare<[number, number], number>(
      'SELECT doc_key FROM transcripts WHERE doc_key >= ? AND doc_key < ? ORDER BY doc_key'
    )
    .pluck()
  const deleteMessages = db.prepare<[number, number]>(
    'DELETE FROM transcript_messages WHERE key >= ? AND key < ?'
  )
  const insertMessage = db.prepare<[number, StoredRole, string, string | null]>(
    'INSERT INTO transcript_messages (key, role, content, function_calls_json) VALUES (?, ?, ?, ?)'
  )
  const readContents = db
    .prepare<[number, number], string>(
      'SELECT content FROM transcript_messages WHERE key >= ? AND key < ? ORDER BY key'
    )
    .pluck()
  // An INTEGER: see transcriptSearch.ts on FTS5 and rowids bound as REAL.
  const deleteDocument = db.prepare<[number]>(
    'DELETE FROM transcripts_fts WHERE rowid = CAST(? AS INTEGER)'
  )
  const insertDocument = db.prepare<[number, string]>(
    'INSERT INTO transcripts_fts (rowid, messages) VALUES (CAST(? AS INTEGER), ?)'
  )
  const saveFetched = db.prepare<[number, number | null, number, number | null, number | null]>(
    `INSERT INTO transcripts (
       conversation_rowid, doc_key, fetched_at, fetched_message_count, fetched_updated_at
     ) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (conversation_rowid) DO UPDATE SET
       doc_key = excluded.doc_key,
       fetched_at = excluded.fetched_at,
       fetched_message_count = excluded.fetched_message_count,
       fetched_updated_at = excluded.fetched_updated_at,
       not_found_at = NULL`
  )
  const saveNotFound = db.prepare<[number, number]>(
    `INSERT INTO transcripts (conversation_rowid, not_found_at) VALUES (?, ?)
     ON CONFLICT (conversation_rowid) DO UPDATE SET not_found_at = excluded.not_found_at`
  )
  const setDocKey = db.prepare<[number, number]>(
    'UPDATE transcripts SET doc_key = ? WHERE conversation_rowid = ?'
  )
  const insertWord = db.prepare<[string]>(
    'INSERT OR IGNORE INTO transcript_words (word) VALUES (?)'
  )
  const knownWords = new Set<string>()
  // Due again at once if the list moved on while the transcript was being fetched: what was
  // fetched may predate the change.
  const settleDue = db.prepare<[number | null, number | null, number]>(
    `UPDATE conversations
     SET transcript_due = CASE WHEN message_count IS ? AND updated_at IS ? THEN NULL ELSE 1 END
     WHERE rowid = ?`
  )

  function conversation(id: string): ConversationState {
    const found = findConversation.get(id)
    if (!found) throw new CoreError(`The archive has no conversation ${id}.`)
    return found
  }

  /**
   * The document key for a conversation created at `createdAtMs`: the one it has if that is in
   * the right second, else the next free slot of its second, else the overflow.
   */
  function keyFor(rowid: number, createdAtMs: number, current: number | null): number {
    const base = secondBase(createdAtMs)
    if (current !== null && isInSecond(current, base)) return current
    const last = lastKeyInSecond.get(base, base + KEY_SLOTS) ?? null
    if (last === null) return base
    if (last + 1 < base + KEY_SLOTS) return last + 1
    // The last slot is taken; a gap may be left by a conversation whose created_at moved.
    const used = new Set(keysInSecond.all(base, base + KEY_SLOTS))
    for (let key = base; key < base + KEY_SLOTS; key++) if (!used.has(key)) return key
    return overflowKey(rowid)
  }

  function addWords(messages: TranscriptToWrite['messages']): void {
    for (const message of messages) {
      for (const folded of foldedWords(message.content)) {
        if (knownWords.has(folded)) continue
        insertWord.run(folded)
        if (knownWords.size >= KNOWN_WORDS_MAX) knownWords.clear()
        knownWords.add(folded)
      }
    }
  }

  function writeOne(transcript: TranscriptToWrite): void {
    const { rowid, created_at } = conversation(transcript.id)
    if (transcript.messages.length > MAX_MESSAGES) {
      throw new RangeError(`Transcript ${transcript.id} has more than ${MAX_MESSAGES} messages`)
    }
    const fetchedAt = requireIsoMs(transcript.fetchedAt, `fetchedAt of ${transcript.id}`)
    const updatedAt =
      transcript.updatedAt === null
        ? null
        : requireIsoMs(transcript.updatedAt, `updatedAt of ${transcript.id}`)

    const current = findDocKey.get(rowid) ?? null
    if (current !== null) deleteDocument.run(current)
    const keys = messageKeys(rowid)
    deleteMessages.run(keys.from, keys.to)
    transcript.messages.forEach((message, position) => {
      insertMessage.run(
        messageKey(rowid, position),
        encodeRole(message.role),
        message.content,
        message.function_calls === undefined ? null : JSON.stringify(message.function_calls)
      )
    })
    let docKey: number | null = null
    if (transcript.messages.length > 0) {
      docKey = keyFor(rowid, created_at, current)
      insertDocument.run(docKey, transcriptDocument(transcript.messages))
      addWords(transcript.messages)
    }
    saveFetched.run(rowid, docKey, fetchedAt, transcript.messageCount, updatedAt)
    settleDue.run(transcript.messageCount, updatedAt, rowid)
  }

  const writeAll = db.transaction((transcripts: readonly TranscriptToWrite[]) => {
    for (const transcript of transcripts) writeOne(transcript)
  })
  const write = (transcripts: readonly TranscriptToWrite[]): void => {
    try {
      writeAll(transcripts)
    } catch (error) {
      knownWords.clear()
      throw error
    }
  }

  const markNotFound = db.transaction((target: TranscriptTargetState, at: string) => {
    const { rowid } = conversation(target.id)
    const updatedAt =
      target.updatedAt === null ? null : requireIsoMs(target.updatedAt, `updatedAt of ${target.id}`)
    saveNotFound.run(rowid, requireIsoMs(at, 'the time of "not found"'))
    settleDue.run(target.messageCount, updatedAt, rowid)
  })

  function rekey(rowid: number, createdAtMs: number): void {
    const current = findDocKey.get(rowid) ?? null
    if (current === null) return
    const key = keyFor(rowid, createdAtMs, current)
    if (key === current) return
    const keys = messageKeys(rowid)
    const contents = readContents.all(keys.from, keys.to).map((content) => ({ content }))
    deleteDocument.run(current)
    setDocKey.run(key, rowid)
    insertDocument.run(key, transcriptDocument(contents))
  }

  return { write, markNotFound, rekey }
}
