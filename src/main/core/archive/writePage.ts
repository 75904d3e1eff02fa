import type { Database } from 'better-sqlite3'
import type { ConversationInput } from '../types'
import type { PageToWrite, PageWriteResult } from './archive'
import type { SyncState } from './checkpoint'
import { requireIsoMs } from './isoTime'
import { applyRow } from './migrations/004_daily_rollup'
import { preparePhoneIds } from './phoneIds'
import { CONVERSATION_COLUMNS, toColumns, type ConversationColumns } from './rowMapping'
import type { TranscriptWriter } from './transcriptWriter'

interface WrittenColumns extends ConversationColumns {
  customer_phone_id: number | null
  sender_phone_id: number | null
  raw_json: string
  seen_at: number
}

interface Existing {
  rowid: number
  created_at: number
  same: 0 | 1
  removed: 0 | 1
}

/** The rollup's columns that are not whole numbers (see countNew). */
const ROLLUP_TEXT_COLUMNS = ['type', 'assistant_id', 'total_cost']

const DATA_COLUMNS = [...CONVERSATION_COLUMNS, 'sender_phone_id', 'customer_phone_id', 'raw_json']

/**
 * Writes pages and saves the last one's crawl checkpoint in one transaction, so a crash leaves
 * either all of them or none, and the checkpoint never runs ahead of the rows. A row is new,
 * changed (its JSON differs from the stored one) or unchanged; every row seen gets last_seen_at
 * and loses removed_at. Several pages in one transaction cost one commit: at a million rows
 * most of a 100-row page's write time was its commit.
 */
export function prepareWritePages(
  db: Database,
  syncState: SyncState,
  transcripts: Pick<TranscriptWriter, 'rekey'>
): (pages: readonly PageToWrite[]) => PageWriteResult[] {
  // The JSON is compared in SQL so an unchanged row's text never crosses into JavaScript.
  const findExisting = db.prepare<[string, string], Existing>(
    `SELECT rowid, created_at, raw_json = ? AS same, removed_at IS NOT NULL AS removed
     FROM conversations WHERE id = ?`
  )
  // Plain INSERT and UPDATE by rowid rather than an upsert: the lookup above already says which
  // one applies, and neither path is INSERT OR REPLACE, which would bypass the FTS triggers.
  const insert = db.prepare<[WrittenColumns]>(
    `INSERT INTO conversations (${DATA_COLUMNS.join(', ')}, first_seen_at, last_seen_at)
     VALUES (${DATA_COLUMNS.map((column) => `@${column}`).join(', ')}, @seen_at, @seen_at)`
  )
  const update = db.prepare<[WrittenColumns & { rowid: number }]>(
    `UPDATE conversations
     SET ${DATA_COLUMNS.map((column) => `${column} = @${column}`).join(', ')},
       last_seen_at = @seen_at, removed_at = NULL
     WHERE rowid = @rowid`
  )
  // See the 001 migration: new rows are indexed here rather than by a trigger, for speed.
  const indexText = db.prepare<[WrittenColumns & { rowid: number }]>(
    `INSERT INTO conversations_fts (
       rowid, customer_name, sender_name, assistant_name, external_identifier, variables_json
     ) VALUES (
       @rowid, @customer_name, @sender_name, @assistant_name, @external_identifier, @variables_json
     )`
  )
  // Only last_seen_at: a statement that sets removed_at compiles in the rollup's update trigger
  // (migration 004), whose statement savepoint would flush the text index's pending terms.
  const touch = db.prepare<[number, number]>(
    'UPDATE conversations SET last_seen_at = ? WHERE rowid = ?'
  )
  const restore = db.prepare<[number]>('UPDATE conversations SET removed_at = NULL WHERE rowid = ?')
  // A new row's figures, into the dashboard's rollup: see migration 004 for why not a trigger.
  // better-sqlite3 binds every number as a REAL, and a REAL created_at divides into a
  // fractional day: the whole-number columns are cast back, as the table stores them.
  const countNew = db.prepare<[WrittenColumns]>(
    applyRow((column) => {
      if (column === 'removed_at') return 'NULL'
      return ROLLUP_TEXT_COLUMNS.includes(column) ? `@${column}` : `CAST(@${column} AS INTEGER)`
    }, 1)
  )
  const phoneId = preparePhoneIds(db)

  // One page's rows, inside the caller's transaction: a nested one would be a savepoint, at
  // which FTS5 flushes its pending terms.
  const writeRows = (rows: readonly ConversationInput[], seenAt: string): PageWriteResult => {
    const seen = requireIsoMs(seenAt, 'seenAt')
    const result: PageWriteResult = { inserted: 0, updated: 0, unchanged: 0 }
    for (const { conversation, rawJson } of rows) {
      const existing = findExisting.get(rawJson, conversation.id)
      if (existing?.same === 1) {
        touch.run(seen, existing.rowid)
        if (existing.removed === 1) restore.run(existing.rowid)
        result.unchanged++
        continue
      }
      const columns = toColumns(conversation)
      const written: WrittenColumns = {
        ...columns,
        customer_phone_id: phoneId(columns.customer_phone),
        sender_phone_id: phoneId(columns.sender_phone),
        raw_json: rawJson,
        seen_at: seen
      }
      if (existing) {
        update.run({ ...written, rowid: existing.rowid })
        // Its transcript's search key follows created_at (transcriptKey.ts).
        if (existing.created_at !== written.created_at) {
          transcripts.rekey(existing.rowid, written.created_at)
        }
        result.updated++
      } else {
        const rowid = Number(insert.run(written).lastInsertRowid)
        indexText.run({ ...written, rowid })
        countNew.run(written)
        result.inserted++
      }
    }
    return result
  }

  return db.transaction((pages: readonly PageToWrite[]) => {
    const results = pages.map((page) => writeRows(page.rows, page.seenAt))
    const last = pages.at(-1)
    if (last) syncState.saveCheckpoint(last.checkpoint)
    return results
  })
}
