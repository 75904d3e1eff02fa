import type { Database } from 'better-sqlite3'
import type { ConversationInput } from '../types'
import type { CrawlCheckpoint, PageWriteResult } from './archive'
import type { SyncState } from './checkpoint'
import { requireIsoMs } from './isoTime'
import { preparePhoneIds } from './phoneIds'
import { toColumns, type ConversationColumns } from './rowMapping'

interface WrittenColumns extends ConversationColumns {
  customer_phone_id: number | null
  sender_phone_id: number | null
  raw_json: string
  seen_at: number
}

interface Existing {
  rowid: number
  same: 0 | 1
}

const DATA_COLUMNS = [
  'id',
  'assistant_id',
  'assistant_name',
  'type',
  'variables_json',
  'external_identifier',
  'message_count',
  'total_cost',
  'ai_enabled',
  'created_at',
  'updated_at',
  'sender_name',
  'sender_phone',
  'sender_phone_id',
  'customer_name',
  'customer_phone',
  'customer_phone_id',
  'raw_json'
]

export type WritePage = (
  rows: readonly ConversationInput[],
  seenAt: string,
  checkpoint: CrawlCheckpoint
) => PageWriteResult

/**
 * Upserts one page and saves the crawl checkpoint in the same transaction, so a crash leaves
 * either both or neither. A row is new, changed (its JSON differs from the stored one) or
 * unchanged; every row seen gets last_seen_at and loses removed_at.
 */
export function prepareWritePage(db: Database, syncState: SyncState): WritePage {
  // The JSON is compared in SQL so an unchanged row's text never crosses into JavaScript.
  const findExisting = db.prepare<[string, string], Existing>(
    'SELECT rowid, raw_json = ? AS same FROM conversations WHERE id = ?'
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
  const touch = db.prepare<[number, number]>(
    'UPDATE conversations SET last_seen_at = ?, removed_at = NULL WHERE rowid = ?'
  )
  const phoneId = preparePhoneIds(db)

  return db.transaction(
    (rows: readonly ConversationInput[], seenAt: string, checkpoint: CrawlCheckpoint) => {
      const seen = requireIsoMs(seenAt, 'seenAt')
      const result: PageWriteResult = { inserted: 0, updated: 0, unchanged: 0 }
      for (const { conversation, rawJson } of rows) {
        const existing = findExisting.get(rawJson, conversation.id)
        if (existing?.same === 1) {
          touch.run(seen, existing.rowid)
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
          result.updated++
        } else {
          const rowid = Number(insert.run(written).lastInsertRowid)
          indexText.run({ ...written, rowid })
          result.inserted++
        }
      }
      syncState.saveCheckpoint(checkpoint)
      return result
    }
  )
}
