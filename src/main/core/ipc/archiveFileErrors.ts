import { accessSync, constants } from 'node:fs'
import { dirname } from 'node:path'
import type { IpcErrorInfo } from '../../../shared/ipc/contract'

/**
 * What SQLite's file errors mean for a person: a full disk, an archive that cannot be written,
 * a disk that failed. SQLite names them by code (SqliteError on this thread, ArchiveWriteError
 * from the writer thread); each becomes a sentence with what to do, and the promise that what
 * was committed is kept, which SQLite's rollback guarantees.
 */
export function archiveFileError(error: unknown): IpcErrorInfo | null {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null
  if (code === 'SQLITE_FULL') {
    return {
      code: 'disk-full',
      message:
        'The disk is full, so the archive cannot grow. Everything synced so far is kept: free ' +
        'some disk space, then sync again and it goes on from where it stopped.'
    }
  }
  if (code.startsWith('SQLITE_READONLY')) return readOnly()
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    return {
      code: 'archive',
      message:
        'The archive could not be written or read. What was committed is kept: check that the ' +
        'disk has not failed and that the archive and its folder can be written, then try again.'
    }
  }
  return null
}

/** The answer for an archive that cannot be written, before anything tries to. */
export function readOnlyArchive(file: string): IpcErrorInfo | null {
  const writable = (path: string): boolean => {
    try {
      accessSync(path, constants.W_OK)
      return true
    } catch (error) {
      // A file not there yet is created in a folder that can be written.
      return (error as NodeJS.ErrnoException).code === 'ENOENT'
    }
  }
  return writable(file) && writable(dirname(file)) ? null : readOnly(file)
}

function readOnly(file?: string): IpcErrorInfo {
  return {
    code: 'archive-read-only',
    message:
      `${file ? `The archive ${file}` : 'The archive'} cannot be written: it or its folder is ` +
      'read-only. Nothing in it was changed: allow writing to the file and its folder, then ' +
      'restart the app.'
  }
}
