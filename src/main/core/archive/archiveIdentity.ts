import Database from 'better-sqlite3'
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { ArchiveVersionError, CoreError, NotAnArchiveError } from '../errors'

/**
 * Whether a file is this app's archive, told before anything opens it for writing: opening a
 * SQLite file for writing may change it (WAL mode rewrites its header, migrations add tables),
 * and a file that is not an archive must be left exactly as it was.
 */

/** PRAGMA application_id of every archive: "CBar". Set on each archive opened for writing. */
export const ARCHIVE_APPLICATION_ID = 0x43426172

/** The tables every archive has had since migration 001: how one made before the mark is known. */
const ARCHIVE_TABLES = ['conversations', 'sync_state', 'phones'] as const

const SQLITE_MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1')
/** The database header's size; bytes 18 and 19 are 2 in a database in WAL mode. */
const HEADER_BYTES = 100

export type ArchiveFileKind =
  /** Missing, empty, or a SQLite database with nothing in it (a crash before the first schema). */
  { kind: 'new' } | { kind: 'archive'; version: number; marked: boolean }

/**
 * What the file is; throws NotAnArchiveError for anything but a new file or an archive this
 * version can read, ArchiveVersionError for an archive of a newer schema. Reads only: the file
 * is opened read-only, and only when it begins as a SQLite database does.
 */
export function identifyArchiveFile(file: string, latestVersion: number): ArchiveFileKind {
  let size: number
  try {
    const stat = statSync(file)
    if (!stat.isFile()) throw new NotAnArchiveError(file, 'it is not a file')
    size = stat.size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'new' }
    throw error
  }
  if (size === 0) return { kind: 'new' }
  const header = readHeader(file)
  if (header === null) throw new NotAnArchiveError(file, 'it is not a SQLite database')

  // A read-only connection to a database in WAL mode creates its -wal and -shm files and cannot
  // remove them; a read-write one that only reads removes them as it closes, and writes nothing
  // to the file. Where they exist already (it is open elsewhere, or was not closed), read-only.
  const walMode = header[18] === 2 && header[19] === 2
  const readonly = !walMode || existsSync(`${file}-wal`) || existsSync(`${file}-shm`)
  let db: Database.Database
  try {
    db = new Database(file, { readonly, fileMustExist: true })
  } catch (error) {
    throw new CoreError(`Cannot open the archive ${file}: ${(error as Error).message}`, {
      cause: error
    })
  }
  try {
    return classify(db, file, latestVersion)
  } catch (error) {
    // A header and then garbage: SQLite finds out on the first read.
    if (error instanceof Database.SqliteError && /SQLITE_(NOTADB|CORRUPT)/.test(error.code)) {
      throw new NotAnArchiveError(file, 'it is not a SQLite database, or a damaged one')
    }
    throw error
  } finally {
    db.close()
  }
}

function classify(db: Database.Database, file: string, latestVersion: number): ArchiveFileKind {
  const applicationId = db.pragma('application_id', { simple: true }) as number
  const version = db.pragma('user_version', { simple: true }) as number
  const tables = new Set(
    db
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")
      .pluck()
      .all()
  )
  const marked = applicationId === ARCHIVE_APPLICATION_ID
  const ours =
    marked ||
    (applicationId === 0 && version >= 1 && ARCHIVE_TABLES.every((name) => tables.has(name)))
  if (!ours) {
    if (applicationId === 0 && version === 0 && tables.size === 0) return { kind: 'new' }
    throw new NotAnArchiveError(file, "it is another program's SQLite database")
  }
  if (version > latestVersion) {
    throw new ArchiveVersionError(
      `The archive ${file} was written by a newer version of Conversation Browser ` +
        `(schema ${version}; this version knows up to ${latestVersion}); update the app.`
    )
  }
  return { kind: 'archive', version, marked }
}

/** The database header, or null when the file does not begin as a SQLite database. */
function readHeader(file: string): Buffer | null {
  const header = Buffer.alloc(HEADER_BYTES)
  const fd = openSync(file, 'r')
  try {
    const read = readSync(fd, header, 0, HEADER_BYTES, 0)
    return read === HEADER_BYTES && header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)
      ? header
      : null
  } finally {
    closeSync(fd)
  }
}
