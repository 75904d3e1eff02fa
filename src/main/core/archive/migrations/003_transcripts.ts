import type { Migration } from '../migrate'

/**
 * Transcripts: each conversation's messages, what the list showed when they were fetched, and a
 * full-text index over them. Sized for ten million messages. Measured over 100,000 transcripts
 * of ten messages of about 120 characters: 149 bytes a message in transcript_messages (its text
 * and about 27 more; no index of its own), 76 in the full-text index (see transcriptKey.ts for
 * what its keys cost) and 10 more in the index's sizes, transcripts and their word list.
 */
export const transcripts: Migration = {
  version: 3,
  name: 'transcripts',
  up(db) {
    db.exec(`
      -- 1 while the conversation's transcript is to be fetched: never fetched, or the list shows
      -- it changed since the fetch or since the server said it had no such conversation. Every
      -- row starts due, existing rows included (the default costs them nothing on disk); the
      -- transcript writer clears it, and the trigger below sets it again on a change.
      ALTER TABLE conversations ADD COLUMN transcript_due INTEGER DEFAULT 1;

      -- The backfill's queue, newest first, keyset-paged like the lists. Partial: once most
      -- transcripts are fetched it holds only the few due, so finding them reads only them.
      CREATE INDEX conversations_transcript_due
        ON conversations (created_at DESC, rowid DESC)
        WHERE transcript_due IS NOT NULL AND removed_at IS NULL;

      CREATE TRIGGER conversations_transcript_changed
        AFTER UPDATE OF message_count, updated_at ON conversations
        WHEN old.message_count IS NOT new.message_count OR old.updated_at IS NOT new.updated_at
      BEGIN
        UPDATE conversations SET transcript_due = 1
        WHERE rowid = new.rowid AND transcript_due IS NULL;
      END;

      -- One row per conversation whose transcript was fetched or refused. fetched_at NULL: never
      -- fetched (only "not found" so far); a fetched transcript with no messages has its row
      -- and none in transcript_messages. Times in epoch ms, as in conversations.
      CREATE TABLE transcripts (
        conversation_rowid INTEGER PRIMARY KEY REFERENCES conversations (rowid),
        -- The document's key in transcripts_fts (transcriptKey.ts); NULL when nothing is indexed.
        doc_key INTEGER,
        fetched_at INTEGER,
        -- The conversation's message_count and updated_at as the list showed them at the fetch.
        fetched_message_count INTEGER,
        fetched_updated_at INTEGER,
        -- When the server last answered "Conversation not found"; cleared by a later fetch.
        not_found_at INTEGER
      );

      -- A full-text match's key back to its conversation, and a second's used keys.
      CREATE UNIQUE INDEX transcripts_doc ON transcripts (doc_key);
      -- The few the server refused, for counting them without reading every transcript's row.
      CREATE INDEX transcripts_not_found ON transcripts (conversation_rowid)
        WHERE not_found_at IS NOT NULL;

      -- The messages, oldest first. The key is the conversation's rowid times 2^20 plus the
      -- message's position, so a transcript is one range of the table and needs no index.
      -- role holds 0 for 'user' and 1 for 'assistant', which SQLite stores in no bytes at all,
      -- and any other role as received (hence no declared type). function_calls_json is the
      -- message's function_calls exactly as received, NULL when it had none.
      CREATE TABLE transcript_messages (
        key INTEGER PRIMARY KEY,
        role,
        content TEXT NOT NULL,
        function_calls_json TEXT
      );

      -- Every word the transcripts' index holds (folded as unicode61 folds it, see textTokens.ts),
      -- so a word typed as a prefix can be searched as the words it begins: FTS5 answers a
      -- prefix query by merging the whole list of every word with that prefix before yielding
      -- the first match (240 ms for "t" over 100,000 transcripts, 15 for "the"), where an OR of
      -- whole words streams newest first and stops at a page (under a millisecond). Words are
      -- added as transcripts are written and never removed: one no longer in any transcript
      -- only widens an OR by a word that matches nothing.
      CREATE TABLE transcript_words (
        word TEXT PRIMARY KEY
      ) WITHOUT ROWID;

      -- One document per conversation: its messages' contents, MESSAGE_BREAK between two
      -- messages so that a phrase never spans them, Han, kana and Hangul letters spaced out
      -- (textTokens.ts). Contentless, since the text is in transcript_messages; with
      -- contentless_delete a document is replaced or removed by its key alone, so the index can
      -- never drift from what it was given, as an external-content index does when a write
      -- misses its trigger.
      CREATE VIRTUAL TABLE transcripts_fts USING fts5(
        messages,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
      );
    `)
  }
}
