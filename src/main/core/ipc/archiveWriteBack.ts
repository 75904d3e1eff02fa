import { existsSync, statSync, unlinkSync } from 'node:fs'
import type { IpcErrorInfo } from '../../../shared/ipc/contract'
import type { Archive } from '../archive/archive'

/**
 * An archive file deleted (or moved, or replaced) while the app has it open. Its connections
 * still read and write the old file, which the system frees when they close: every sync and
 * transcript since, and everything before, would be lost without a word. The open connection
 * can still read all of it, so the app writes it back before closing.
 */

export interface FileIdentity {
  dev: number
  ino: number
}

export function fileIdentity(path: string): FileIdentity | null {
  try {
    const { dev, ino } = statSync(path)
    return { dev, ino }
  } catch {
    return null
  }
}

/** Whether the file at `path` is no longer the one that was opened. */
export function fileWasReplaced(path: string, opened: FileIdentity): boolean {
  const now = fileIdentity(path)
  return now === null || now.dev !== opened.dev || now.ino !== opened.ino
}

/** The archive's -wal and -shm as they were when it was opened: its own, not a newcomer's. */
export interface CompanionFiles {
  wal: FileIdentity | null
  shm: FileIdentity | null
}

export function companionFiles(path: string): CompanionFiles {
  return { wal: fileIdentity(`${path}-wal`), shm: fileIdentity(`${path}-shm`) }
}

/**
 * Writes what `archive` holds back to its path; when another file now sits there, beside it
 * instead, leaving that file alone. Call once nothing else writes through the old file.
 */
export function writeBack(
  archive: Archive,
  path: string,
  own: CompanionFiles,
  now = new Date()
): IpcErrorInfo {
  if (!existsSync(path)) {
    archive.copyTo(path)
    return {
      code: 'archive-restored',
      message:
        `The archive ${path} was deleted or moved while the app was running. The app wrote it ` +
        'back from what it had open, so nothing is lost.'
    }
  }
  const aside = `${path}.open-copy-${now.toISOString().replace(/[:.]/g, '-')}`
  archive.copyTo(aside)
  // Left at the path, the old file's log would be read as the new file's own when it opens
  // (SQLite keeps a log whose database has moved): gone, once its content is in the copy.
  for (const [suffix, identity] of [
    ['-wal', own.wal],
    ['-shm', own.shm]
  ] as const) {
    if (identity && !fileWasReplaced(path + suffix, identity)) unlinkSync(path + suffix)
  }
  return {
    code: 'archive-restored',
    message:
      `The archive ${path} was replaced by another file while the app was running. What the app ` +
      `had open is kept as ${aside}; the app now uses the file at ${path}.`
  }
}
