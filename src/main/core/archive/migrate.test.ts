import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ArchiveVersionError, CoreError } from '../errors'
import { ARCHIVE_APPLICATION_ID } from './archiveIdentity'
import { migrate, schemaVersion, type Migration } from './migrate'
import { MIGRATIONS } from './migrations'
import { initial } from './migrations/001_initial'
import { openArchive } from './openArchive'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow, makeWhatsAppRow } from './testRows'

const { tempFile } = useTempDir()

function names(db: Database.Database, type: 'table' | 'index' | 'trigger'): string[] {
  return db
    .prepare<[string], string>(
      "SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    .pluck()
    .all(type)
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

describe('the migration list', () => {
  it('is numbered 1, 2, 3... in order', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(
      MIGRATIONS.map((_, index) => index + 1)
    )
  })

  it('refuses a list with a gap', () => {
    const db = new Database(tempFile())
    const next = MIGRATIONS.length + 1
    const gap: Migration = { version: next + 1, name: 'gap', up: () => {} }
    expect(() => migrate(db, [...MIGRATIONS, gap])).toThrow(`version ${next + 1}, not ${next}`)
    expect(schemaVersion(db)).toBe(0)
    db.close()
  })
})

describe('001 initial', () => {
  it('creates the schema on an empty file and sets user_version', () => {
    const db = new Database(tempFile())
    migrate(db, [initial])
    expect(schemaVersion(db)).toBe(1)
    expect(names(db, 'table')).toEqual(
      expect.arrayContaining([
        'conversations',
        'conversations_fts',
        'phone_trigrams',
        'phones',
        'sync_state'
      ])
    )
    expect(names(db, 'index')).toEqual([
      'conversations_assistant',
      'conversations_created',
      'conversations_customer_phone',
      'conversations_external',
      'conversations_removed',
      'conversations_sender_phone',
      'conversations_type'
    ])
    expect(names(db, 'trigger')).toEqual(['conversations_fts_delete', 'conversations_fts_update'])
    db.close()
  })

  it('keeps the text index current when rows are updated or deleted by any writer', () => {
    const file = tempFile()
    const archive = openArchive(file)
    archive.writePage(
      [makeRow({ id: 'x', customer: { name: 'Jane Smith', phone: null } })],
      '2025-02-01T00:00:00.000Z',
      makeCheckpoint()
    )
    archive.close()

    const db = new Database(file)
    const matches = (text: string): number =>
      db
        .prepare<[string], number>(
          'SELECT count(*) FROM conversations_fts WHERE conversations_fts MATCH ?'
        )
        .pluck()
        .get(text) ?? 0
    expect(matches('jane')).toBe(1)
    db.prepare("UPDATE conversations SET customer_name = 'Mary Major' WHERE id = 'x'").run()
    expect(matches('jane')).toBe(0)
    expect(matches('mary')).toBe(1)
    db.prepare("DELETE FROM conversations WHERE id = 'x'").run()
    expect(matches('mary')).toBe(0)
    // The index agrees with its content table: FTS5's own consistency check.
    db.prepare("INSERT INTO conversations_fts (conversations_fts) VALUES ('integrity-check')").run()
    db.close()
  })

  it('leaves an up-to-date file alone when opened again', () => {
    const file = tempFile()
    openArchive(file).close()
    const archive = openArchive(file)
    expect(archive.search({}).conversations).toEqual([])
    archive.close()
  })
})

describe('002 phone keys', () => {
  it('fills in the keys of the phones an older archive holds, and new phones get theirs', () => {
    const file = tempFile()
    const old = new Database(file)
    migrate(old, [initial])
    old.prepare('INSERT INTO phones (phone) VALUES (?), (?)').run('+1 (415) 555-9876', 'n/a')
    old.close()

    const archive = openArchive(file)
    archive.writePage(
      [makeWhatsAppRow('new', '+442079460958')],
      '2025-02-01T00:00:00.000Z',
      makeCheckpoint()
    )
    archive.close()
    const db = new Database(file, { readonly: true })
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    expect(db.prepare('SELECT phone, keys FROM phones ORDER BY id').all()).toEqual([
      { phone: '+1 (415) 555-9876', keys: '14155559876' },
      { phone: 'n/a', keys: null },
      { phone: '+442079460958', keys: '442079460958 02079460958' },
      { phone: '+14155551234', keys: '14155551234' }
    ])
    db.close()
  })
})

describe('003 transcripts', () => {
  it('makes every conversation of an older archive due, and archives transcripts beside them', () => {
    const file = tempFile()
    const old = new Database(file)
    migrate(old, MIGRATIONS.slice(0, 2))
    const insert = old.prepare(
      `INSERT INTO conversations (id, type, message_count, created_at, updated_at, first_seen_at,
         last_seen_at, removed_at, raw_json)
       VALUES (?, 'widget', 2, ?, ?, 1, 1, ?, '{}')`
    )
    insert.run('old', Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-01-02T00:00:00Z'), null)
    insert.run('new', Date.parse('2025-01-05T00:00:00Z'), null, null)
    insert.run('gone', Date.parse('2025-01-03T00:00:00Z'), null, 5)
    old.close()

    const archive = openArchive(file)
    expect(archive.transcriptTargets({ limit: 10 })).toEqual([
      expect.objectContaining({ id: 'new', reason: 'missing', updatedAt: null }),
      expect.objectContaining({
        id: 'old',
        reason: 'missing',
        messageCount: 2,
        updatedAt: '2025-01-02T00:00:00.000Z'
      })
    ])
    expect(archive.transcript('old')).toMatchObject({ messages: null, stale: false })
    archive.writeTranscript({
      id: 'old',
      fetchedAt: '2025-02-01T00:00:00.000Z',
      messages: [{ role: 'user', content: 'Bonjour señor, à l’Église' }],
      messageCount: 2,
      updatedAt: '2025-01-02T00:00:00.000Z'
    })
    expect(archive.transcriptTargets({ limit: 10 }).map((target) => target.id)).toEqual(['new'])
    for (const text of ['senor', 'EGLISE', 'bonjour']) {
      expect(archive.search({ text }).conversations.map((c) => c.id)).toEqual(['old'])
    }
    archive.close()

    const db = new Database(file, { readonly: true })
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    expect(names(db, 'index')).toEqual(
      expect.arrayContaining([
        'conversations_transcript_due',
        'transcripts_doc',
        'transcripts_not_found'
      ])
    )
    expect(names(db, 'trigger')).toContain('conversations_transcript_changed')
    db.close()
  })
})

describe('004 daily rollup', () => {
  it('sums an older archive by day, type, assistant, sender and removed, and keeps it current', () => {
    const file = tempFile()
    const old = new Database(file)
    migrate(old, MIGRATIONS.slice(0, 3))
    old
      .prepare("INSERT INTO phones (id, phone, keys) VALUES (7, '+14155551234', '14155551234')")
      .run()
    const insert = old.prepare(
      `INSERT INTO conversations (id, assistant_id, type, total_cost, message_count, ai_enabled,
         created_at, sender_phone_id, customer_phone_id, first_seen_at, last_seen_at, removed_at,
         raw_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, '{}')`
    )
    const day = Date.parse('2025-01-06T00:00:00Z')
    insert.run('a', 'a-1', 'whatsapp', 0.1, 4, 1, day + 1000, 7, 7, null)
    insert.run('b', 'a-1', 'whatsapp', 0.2, null, 0, day + 2000, 7, 7, null)
    insert.run('c', null, 'widget', null, 2, null, day - 1, null, null, 5)
    // As writePage indexes them (their texts are all null), so that a delete finds its entry.
    old.prepare('INSERT INTO conversations_fts (rowid) SELECT rowid FROM conversations').run()
    old.close()

    const archive = openArchive(file)
    archive.close()
    const db = new Database(file)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    const rollup = (): unknown[] =>
      db.prepare('SELECT * FROM conversation_rollup ORDER BY day, type').all()
    const dayNumber = day / 86_400_000
    expect(rollup()).toEqual([
      {
        day: dayNumber - 1,
        type: 'widget',
        assistant_key: '',
        sender_key: 0,
        removed: 1,
        conversations: 1,
        cost_micros: 0,
        messages: 2,
        with_messages: 1,
        ai_enabled: 0
      },
      {
        day: dayNumber,
        type: 'whatsapp',
        assistant_key: 'a-1',
        sender_key: 7,
        removed: 0,
        conversations: 2,
        cost_micros: 300_000,
        messages: 4,
        with_messages: 1,
        ai_enabled: 1
      }
    ])
    // The customer index now carries what the dashboard's filters test and sum.
    const columns = db
      .prepare<[], { name: string | null }>("PRAGMA index_xinfo('conversations_customer_phone')")
      .all()
      .filter((column) => column.name !== null)
      .map((column) => column.name)
    expect(columns).toEqual([
      'customer_phone_id',
      'created_at',
      'rowid',
      'type',
      'assistant_id',
      'sender_phone_id',
      'removed_at',
      'total_cost',
      'message_count',
      'ai_enabled'
    ])

    // Any writer keeps it current: a changed cost, a row that is no longer removed, a delete.
    db.prepare("UPDATE conversations SET total_cost = 0.25 WHERE id = 'b'").run()
    db.prepare("UPDATE conversations SET removed_at = NULL WHERE id = 'c'").run()
    db.prepare("DELETE FROM conversations WHERE id = 'a'").run()
    // A sync's touch of a row it saw unchanged moves no figure and writes nothing here.
    db.prepare("UPDATE conversations SET last_seen_at = 9, removed_at = NULL WHERE id = 'b'").run()
    expect(rollup()).toEqual([
      {
        day: dayNumber - 1,
        type: 'widget',
        assistant_key: '',
        sender_key: 0,
        removed: 0,
        conversations: 1,
        cost_micros: 0,
        messages: 2,
        with_messages: 1,
        ai_enabled: 0
      },
      {
        day: dayNumber - 1,
        type: 'widget',
        assistant_key: '',
        sender_key: 0,
        removed: 1,
        conversations: 0,
        cost_micros: 0,
        messages: 0,
        with_messages: 0,
        ai_enabled: 0
      },
      {
        day: dayNumber,
        type: 'whatsapp',
        assistant_key: 'a-1',
        sender_key: 7,
        removed: 0,
        conversations: 1,
        cost_micros: 250_000,
        messages: 0,
        with_messages: 0,
        ai_enabled: 0
      }
    ])
    db.close()
  })
})

describe('migrate', () => {
  it('runs a later migration over rows written in the old shape and keeps their data', () => {
    const file = tempFile()
    const archive = openArchive(file)
    archive.writePage(
      [makeRow({ id: 'old', total_cost: 0.25 })],
      '2025-02-01T00:00:00.000Z',
      makeCheckpoint()
    )
    archive.close()

    const addCents: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'cost in cents',
      up(db) {
        db.exec('ALTER TABLE conversations ADD COLUMN cost_cents INTEGER')
        db.exec('UPDATE conversations SET cost_cents = round(total_cost * 100)')
      }
    }
    const db = new Database(file)
    migrate(db, [...MIGRATIONS, addCents])
    expect(schemaVersion(db)).toBe(MIGRATIONS.length + 1)
    expect(db.prepare('SELECT id, total_cost, cost_cents FROM conversations').all()).toEqual([
      { id: 'old', total_cost: 0.25, cost_cents: 25 }
    ])
    db.close()
  })

  it('runs every pending migration in one transaction: a failure leaves the file as it was', () => {
    const db = new Database(tempFile())
    const failing: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'fails',
      up() {
        throw new Error('boom')
      }
    }
    expect(() => migrate(db, [...MIGRATIONS, failing])).toThrow('boom')
    expect(schemaVersion(db)).toBe(0)
    expect(names(db, 'table')).toEqual([])
    db.close()
  })

  it('refuses a file from a newer version and leaves it untouched', () => {
    const file = tempFile()
    const setup = new Database(file)
    setup.exec('CREATE TABLE future (x)')
    setup.pragma('user_version = 99')
    // As a newer version marks its archives (archiveIdentity.ts).
    setup.pragma(`application_id = ${ARCHIVE_APPLICATION_ID}`)
    setup.close()
    const before = sha256(file)

    expect(() => openArchive(file)).toThrow(ArchiveVersionError)
    expect(() => openArchive(file)).toThrow(
      /written by a newer version of Conversation Browser.*update the app/
    )
    expect(sha256(file)).toBe(before)
    const db = new Database(file, { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete')
    db.close()
  })
})

describe('read-only opens', () => {
  it('read an existing archive but do not write', () => {
    const file = tempFile()
    const writer = openArchive(file)
    writer.writePage([makeRow({ id: 'r' })], '2025-02-01T00:00:00.000Z', makeCheckpoint())
    writer.close()

    const reader = openArchive(file, { readonly: true })
    expect(reader.get('r')?.id).toBe('r')
    expect(() =>
      reader.writePage([makeRow({ id: 's' })], '2025-02-01T00:00:00.000Z', makeCheckpoint())
    ).toThrow(/readonly/)
    reader.close()
  })

  it('do not create a missing file', () => {
    expect(() => openArchive(tempFile(), { readonly: true })).toThrow(CoreError)
  })

  it('refuse a file that still needs migrating', () => {
    const file = tempFile()
    new Database(file).close()
    expect(() => openArchive(file, { readonly: true })).toThrow(/needs an upgrade/)
  })
})

describe('a file that is not an archive', () => {
  it('is refused with a message naming the file', () => {
    const file = tempFile()
    writeFileSync(file, 'not a database, just text that is long enough to have a header')
    expect(() => openArchive(file)).toThrow(CoreError)
    expect(() => openArchive(file)).toThrow(
      `The file ${file} is not a Conversation Browser archive: it is not a SQLite database.`
    )
  })
})
