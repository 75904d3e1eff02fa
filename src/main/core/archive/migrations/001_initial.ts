import type { Migration } from '../migrate'

/**
 * The first schema. Sizes matter here: the archive aims at a million conversations in under
 * 1 KB of file each, written fast, so every index is lean and justified by a query.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      -- Each distinct phone string once, so the trigram index below stays small.
      CREATE TABLE phones (
        id INTEGER PRIMARY KEY,
        phone TEXT NOT NULL UNIQUE
      );

      -- Digit spellings of each phone (phoneSearchKeys), rowid = phones.id. Contentless: only
      -- rowids are ever read back. Phones never change, so rows are written with their phone.
      CREATE VIRTUAL TABLE phone_trigrams USING fts5(
        keys,
        content = '',
        columnsize = 0,
        tokenize = 'trigram'
      );

      -- One row per conversation: every documented field, normalised, then the JSON exactly as
      -- received, then the archive's own bookkeeping. Times are integer milliseconds since the
      -- epoch, UTC (see isoTime.ts). raw_json comes last so reading the other columns never
      -- walks past it.
      CREATE TABLE conversations (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        assistant_id TEXT,
        assistant_name TEXT,
        type TEXT NOT NULL,
        variables_json TEXT,
        external_identifier TEXT,
        message_count INTEGER,
        total_cost REAL,
        ai_enabled INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER,
        sender_name TEXT,
        sender_phone TEXT,
        sender_phone_id INTEGER REFERENCES phones (id),
        customer_name TEXT,
        customer_phone TEXT,
        customer_phone_id INTEGER REFERENCES phones (id),
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        removed_at INTEGER,
        raw_json TEXT NOT NULL
      );

      -- Lists run newest first, keyset-paged on (created_at, rowid), and each filter has its own
      -- (filter, created_at, rowid) index, so a page reads only matching rows, in order. The
      -- indexes are DESC because crawls arrive newest first: each row then lands after the last
      -- one instead of before it, which fills index pages instead of leaving them half empty.
      -- rowid is named because the one every index carries implicitly sorts ascending.
      CREATE INDEX conversations_created ON conversations (created_at DESC, rowid DESC);

      -- total_cost, after the sort key, makes the per-type and per-assistant stats covering scans.
      CREATE INDEX conversations_type
        ON conversations (type, created_at DESC, rowid DESC, total_cost);
      CREATE INDEX conversations_assistant
        ON conversations (assistant_id, created_at DESC, rowid DESC, total_cost);

      -- Partial: most conversations have no phone or external id, and a filter on the column
      -- implies IS NOT NULL, so these indexes hold only the rows they can ever return.
      CREATE INDEX conversations_customer_phone
        ON conversations (customer_phone_id, created_at DESC, rowid DESC)
        WHERE customer_phone_id IS NOT NULL;
      CREATE INDEX conversations_sender_phone
        ON conversations (sender_phone_id, created_at DESC, rowid DESC)
        WHERE sender_phone_id IS NOT NULL;
      CREATE INDEX conversations_external
        ON conversations (external_identifier, created_at DESC, rowid DESC)
        WHERE external_identifier IS NOT NULL;
      CREATE INDEX conversations_removed
        ON conversations (created_at DESC, rowid DESC, removed_at)
        WHERE removed_at IS NOT NULL;

      -- Free text. External content: the words live only in the index; columnsize = 0 drops
      -- the per-row lengths that only ranking uses. variables_json is indexed as stored:
      -- unicode61 splits JSON punctuation and underscores, which leaves the variables' keys
      -- and values as words.
      --
      -- There is no INSERT trigger: writePage indexes each new row itself. FTS5 flushes its
      -- pending terms at every statement savepoint, and a trigger runs each row's insert in one,
      -- which made writing a page about 1.6 times slower. Updates and deletes are rare and keep
      -- their triggers, so any writer stays correct for them.
      CREATE VIRTUAL TABLE conversations_fts USING fts5(
        customer_name,
        sender_name,
        assistant_name,
        external_identifier,
        variables_json,
        content = 'conversations',
        content_rowid = 'rowid',
        columnsize = 0,
        tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
        INSERT INTO conversations_fts (
          conversations_fts, rowid, customer_name, sender_name, assistant_name,
          external_identifier, variables_json
        ) VALUES (
          'delete', old.rowid, old.customer_name, old.sender_name, old.assistant_name,
          old.external_identifier, old.variables_json
        );
      END;

      -- Only when an indexed text changes: most updates move message_count or last_seen_at.
      CREATE TRIGGER conversations_fts_update AFTER UPDATE OF
        customer_name, sender_name, assistant_name, external_identifier, variables_json
        ON conversations
        WHEN old.customer_name IS NOT new.customer_name
          OR old.sender_name IS NOT new.sender_name
          OR old.assistant_name IS NOT new.assistant_name
          OR old.external_identifier IS NOT new.external_identifier
          OR old.variables_json IS NOT new.variables_json
      BEGIN
        INSERT INTO conversations_fts (
          conversations_fts, rowid, customer_name, sender_name, assistant_name,
          external_identifier, variables_json
        ) VALUES (
          'delete', old.rowid, old.customer_name, old.sender_name, old.assistant_name,
          old.external_identifier, old.variables_json
        );
        INSERT INTO conversations_fts (
          rowid, customer_name, sender_name, assistant_name, external_identifier, variables_json
        ) VALUES (
          new.rowid, new.customer_name, new.sender_name, new.assistant_name,
          new.external_identifier, new.variables_json
        );
      END;

      -- The crawl's checkpoint and history, one JSON or ISO value per key.
      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `)
  }
}
