import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ArchiveVersionError, NotAnArchiveError } from '../errors'
import { ARCHIVE_APPLICATION_ID } from './archiveIdentity'
import { latestVersion } from './migrate'
import { MIGRATIONS } from './migrations'
import { archiveNeedsUpgrade, openArchive } from './openArchive'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow } from './testRows'

const { tempFile } = useTempDir()

/** The file's bytes and its folder's names: what "left exactly as it was" means. */
function snapshot(file: string): { sha: string; names: string[] } {
  return {
    sha: createHash('sha256').update(readFileSync(file)).digest('hex'),
    names: readdirSync(dirname(file)).sort()
  }
}

function sqliteFile(setup: (db: Database.Database) => void): string {
  const file = tempFile('other.db')
  const db = new Database(file)
  setup(db)
  db.close()
  return file
}

/** Files that are not this app's archive, each as it may turn up where an archive is expected. */
const FOREIGN: [string, () => string][] = [
  [
    "another program's database",
    () =>
      sqliteFile((db) => {
        db.exec(
          "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes VALUES (1, 'x')"
        )
      })
  ],
  [
    "another program's database with a schema version and a conversations table",
    () =>
      sqliteFile((db) => {
        db.exec('CREATE TABLE conversations (id TEXT PRIMARY KEY, title TEXT)')
        db.pragma('user_version = 2')
      })
  ],
  [
    "another program's database in WAL mode",
    () =>
      sqliteFile((db) => {
        db.pragma('journal_mode = WAL')
        db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)')
      })
  ],
  [
    "another program's database marked with its own application id",
    () =>
      sqliteFile((db) => {
        db.exec('CREATE TABLE t (x)')
        db.pragma('application_id = 1234')
      })
  ],
  [
    'garbage bytes',
    () => {
      const file = tempFile('garbage.sqlite3')
      writeFileSync(file, Buffer.from('PK\u0003\u0004 not a database at all '.repeat(200)))
      return file
    }
  ],
  [
    'a SQLite header followed by garbage',
    () => {
      const file = tempFile('torn.sqlite3')
      writeFileSync(
        file,
        Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(5000, 7)])
      )
      return file
    }
  ]
]

describe('a file that is not this app’s archive', () => {
  it.each(FOREIGN)('is refused in one line and left exactly as it was: %s', (_what, make) => {
    const file = make()
    const before = snapshot(file)
    for (const readonly of [false, true]) {
      let error: unknown
      try {
        openArchive(file, { readonly }).close()
      } catch (thrown) {
        error = thrown
      }
      expect(error, `readonly: ${readonly}`).toBeInstanceOf(NotAnArchiveError)
      const message = (error as Error).message
      expect(message).toContain(file)
      expect(message).toContain('is not a Conversation Browser archive')
      expect(message).not.toContain('\n')
    }
    expect(archiveNeedsUpgrade(file)).toBe(false)
    expect(snapshot(file)).toEqual(before)
  })

  it('is refused when it is an archive of a newer schema, and left exactly as it was', () => {
    const archive = openArchive(tempFile())
    archive.writePage([makeRow({ id: 'r' })], '2025-02-01T00:00:00.000Z', makeCheckpoint())
    const file = archive.file
    archive.close()
    const newer = new Database(file)
    newer.pragma(`user_version = ${latestVersion(MIGRATIONS) + 1}`)
    newer.pragma('journal_mode = DELETE')
    newer.close()
    const before = snapshot(file)
    for (const readonly of [false, true]) {
      expect(() => openArchive(file, { readonly })).toThrow(ArchiveVersionError)
    }
    expect(snapshot(file)).toEqual(before)
  })
})

describe('this app’s archives', () => {
  it('are marked with the app’s application id, so they are known at once', () => {
    const archive = openArchive(tempFile())
    archive.close()
    const db = new Database(archive.file, { readonly: true })
    expect(db.pragma('application_id', { simple: true })).toBe(ARCHIVE_APPLICATION_ID)
    db.close()
  })

  it('are still known when made before the mark, and marked when next opened for writing', () => {
    const archive = openArchive(tempFile())
    archive.writePage([makeRow({ id: 'r' })], '2025-02-01T00:00:00.000Z', makeCheckpoint())
    archive.close()
    const unmark = new Database(archive.file)
    unmark.pragma('application_id = 0')
    unmark.close()

    const reader = openArchive(archive.file, { readonly: true })
    expect(reader.get('r')?.id).toBe('r')
    reader.close()
    openArchive(archive.file).close()
    const db = new Database(archive.file, { readonly: true })
    expect(db.pragma('application_id', { simple: true })).toBe(ARCHIVE_APPLICATION_ID)
    db.close()
  })

  it('are made in an empty file, or in an empty SQLite database left by a crash', () => {
    const empty = tempFile()
    writeFileSync(empty, '')
    openArchive(empty).close()
    const crashed = sqliteFile((db) => db.pragma('journal_mode = WAL'))
    const archive = openArchive(crashed)
    expect(archive.counts().total).toBe(0)
    archive.close()
  })
})
