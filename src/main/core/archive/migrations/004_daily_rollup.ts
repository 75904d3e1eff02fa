import type { Migration } from '../migrate'

/** A UTC day number from epoch ms, rounding down for times before 1970 too. */
export const DAY_OF = (ms: string): string =>
  `(CASE WHEN ${ms} >= 0 THEN ${ms} / 86400000 ELSE (${ms} + 1) / 86400000 - 1 END)`

/** A cost (USD, REAL) in whole micro-dollars: sums of these never drift as floats do. */
export const MICROS_OF = (cost: string): string =>
  `coalesce(CAST(round(${cost} * 1000000) AS INTEGER), 0)`

/** How a statement names one column of the row it counts: `new.type`, `@type`... */
export type ColumnRef = (column: string) => string

/** A trigger's `new` or `old` row. */
export const rowOf =
  (row: 'new' | 'old'): ColumnRef =>
  (column) =>
    `${row}.${column}`

/** The rollup's key and measures of one conversation row. */
function rowValues(ref: ColumnRef): string {
  return `${DAY_OF(ref('created_at'))}, ${ref('type')}, coalesce(${ref('assistant_id')}, ''),
    coalesce(${ref('sender_phone_id')}, 0), ${ref('removed_at')} IS NOT NULL,
    1, ${MICROS_OF(ref('total_cost'))}, coalesce(${ref('message_count')}, 0),
    ${ref('message_count')} IS NOT NULL, coalesce(${ref('ai_enabled')} = 1, 0)`
}

const KEY = 'day, type, assistant_key, sender_key, removed'
const MEASURES = 'conversations, cost_micros, messages, with_messages, ai_enabled'

/** Adds one row's measures to its group (sign 1) or takes them away (sign -1). */
export function applyRow(row: ColumnRef, sign: 1 | -1): string {
  const op = sign === 1 ? '+' : '-'
  return `
    INSERT INTO conversation_rollup (${KEY}, ${MEASURES})
    VALUES (${rowValues(row)})
    ON CONFLICT (${KEY}) DO UPDATE SET
      conversations = conversations ${op} excluded.conversations,
      cost_micros = cost_micros ${op} excluded.cost_micros,
      messages = messages ${op} excluded.messages,
      with_messages = with_messages ${op} excluded.with_messages,
      ai_enabled = ai_enabled ${op} excluded.ai_enabled;`
}

/**
 * The dashboard's and `stats`' figures, kept current as rows are written: conversations, cost,
 * messages and AI-enabled counts per UTC day, type, assistant, WhatsApp sender and removed or
 * not. design.md measured, at a million conversations, 530 ms for counts and costs by day and
 * type over all time by a plain GROUP BY scan and 7 ms from such a table (13k rows; 30k with
 * the removed flag and the benchmark's data). A missing assistant is '' and a missing sender 0
 * (phones.id starts at 1), since a NULL in a key would never meet its group in ON CONFLICT.
 * Costs are integer micro-dollars, so the figures add up the same in any order.
 *
 * New rows are counted by writePage, as they are indexed for text there, and for the same
 * reason (see 001): a trigger runs in a statement savepoint, at which FTS5 flushes the terms it
 * holds, so an INSERT trigger made every row of a page flush the text index (ingest at a million
 * rows went from 3,500-6,100 rows/s to 2,000-3,000 on a loaded machine). Changes and deletes
 * are rare and keep their triggers, so any writer stays correct for them; a sync's touch of a
 * row it saw unchanged sets only last_seen_at, which compiles no trigger in.
 */
export const dailyRollup: Migration = {
  version: 4,
  name: 'daily rollup',
  up(db) {
    db.exec(`
      CREATE TABLE conversation_rollup (
        day INTEGER NOT NULL,
        type TEXT NOT NULL,
        assistant_key TEXT NOT NULL,
        sender_key INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        conversations INTEGER NOT NULL,
        cost_micros INTEGER NOT NULL,
        -- The sum of message_count, over the conversations that have one (with_messages).
        messages INTEGER NOT NULL,
        with_messages INTEGER NOT NULL,
        ai_enabled INTEGER NOT NULL,
        PRIMARY KEY (day, type, assistant_key, sender_key, removed)
      ) WITHOUT ROWID;

      -- Top customers are counted per stored number, which a rollup by day cannot hold (most
      -- customers have a conversation or two), and a customer filter is one the rollup cannot
      -- answer: this index, which already led phone searches to a number's rows, now carries
      -- every column the dashboard's filters test and sums, so both read the index alone (at a
      -- million rows, 550,000 entries with a number; about 32 more bytes a conversation).
      DROP INDEX conversations_customer_phone;
      CREATE INDEX conversations_customer_phone
        ON conversations (
          customer_phone_id, created_at DESC, rowid DESC,
          type, assistant_id, sender_phone_id, removed_at, total_cost, message_count, ai_enabled
        )
        WHERE customer_phone_id IS NOT NULL;

      INSERT INTO conversation_rollup (${KEY}, ${MEASURES})
      SELECT ${DAY_OF('created_at')}, type, coalesce(assistant_id, ''),
        coalesce(sender_phone_id, 0), removed_at IS NOT NULL,
        count(*), sum(${MICROS_OF('total_cost')}), sum(coalesce(message_count, 0)),
        count(message_count), sum(coalesce(ai_enabled = 1, 0))
      FROM conversations GROUP BY 1, 2, 3, 4, 5;

      CREATE TRIGGER conversation_rollup_delete AFTER DELETE ON conversations BEGIN
        ${applyRow(rowOf('old'), -1)}
      END;

      -- Only when a figure or a key moves: a sync touches every row it sees (last_seen_at,
      -- removed_at = NULL), and those updates must not pay for two upserts each.
      CREATE TRIGGER conversation_rollup_update AFTER UPDATE OF
        created_at, type, assistant_id, sender_phone_id, removed_at, total_cost, message_count,
        ai_enabled
        ON conversations
        WHEN old.created_at IS NOT new.created_at OR old.type IS NOT new.type
          OR old.assistant_id IS NOT new.assistant_id
          OR old.sender_phone_id IS NOT new.sender_phone_id
          OR (old.removed_at IS NULL) <> (new.removed_at IS NULL)
          OR old.total_cost IS NOT new.total_cost OR old.message_count IS NOT new.message_count
          OR old.ai_enabled IS NOT new.ai_enabled
      BEGIN
        ${applyRow(rowOf('old'), -1)}
        ${applyRow(rowOf('new'), 1)}
      END;
    `)
  }
}
