import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, schemaVersion } from '../migrate'
import { openArchive } from '../openArchive'
import { useTempDir } from '../testArchive'
import { checkTranscriptIndex } from '../testTranscripts'
import { secondBase } from '../transcriptKey'
import { MESSAGE_BREAK, messageKey } from '../transcriptRows'
import { MIGRATIONS } from '.'

const { tempFile } = useTempDir()

/** A version-4 archive whose transcripts were indexed as words alone, before word pairs. */
function archiveBeforePairs(transcripts: Record<string, string[]>): string {
  const file = tempFile()
  const db = new Database(file)
  migrate(db, MIGRATIONS.slice(0, 4))
  const conversation = db.prepare<[string, number]>(
    `INSERT INTO conversations (id, type, message_count, created_at, first_seen_at, last_seen_at, raw_json)
     VALUES (?, 'widget', 2, ?, 1, 1, '{}')`
  )
  const transcript = db.prepare<[number, number]>(
    `INSERT INTO transcripts (conversation_rowid, doc_key, fetched_at, fetched_message_count)
     VALUES (?, ?, 1, 2)`
  )
  const message = db.prepare<[number, string]>(
    'INSERT INTO transcript_messages (key, role, content) VALUES (?, 0, ?)'
  )
  const document = db.prepare<[number, string]>(
    'INSERT INTO transcripts_fts (rowid, messages) VALUES (CAST(? AS INTEGER), ?)'
  )
  Object.entries(transcripts).forEach(([id, contents], i) => {
    const createdAt = Date.parse('2025-01-01T00:00:00Z') + i * 1000
    const rowid = Number(conversation.run(id, createdAt).lastInsertRowid)
    const docKey = secondBase(createdAt)
    transcript.run(rowid, docKey)
    contents.forEach((content, position) => message.run(messageKey(rowid, position), content))
    document.run(docKey, contents.join(` ${MESSAGE_BREAK} `))
  })
  db.close()
  return file
}

describe('005 word pairs', () => {
  it('indexes every archived transcript again, so its phrases are found through their pairs', () => {
    const file = archiveBeforePairs({
      a: ['Buenos días, SEÑOR Pérez.', 'Where is the delivery?'],
      b: ['thank', 'you for the order'],
      c: ['Thank you for waiting.']
    })
    const archive = openArchive(file)
    const ids = (text: string): string[] =>
      archive.search({ text }).conversations.map((conversation) => conversation.id)
    expect(ids('"buenos dias senor"')).toEqual(['a'])
    expect(ids('"is the delivery"')).toEqual(['a'])
    expect(ids('"thank you"')).toEqual(['c'])
    expect(ids('"you for the order"')).toEqual(['b'])
    expect(ids('delivery')).toEqual(['a'])
    archive.close()

    checkTranscriptIndex(file)
    const db = new Database(file, { readonly: true })
    expect(schemaVersion(db)).toBe(5)
    db.close()
  })
})
