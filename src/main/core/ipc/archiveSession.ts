import { statSync } from 'node:fs'
import type { ArchiveInfo } from '../../../shared/ipc/contract'
import type { Archive } from '../archive/archive'
import { openArchive } from '../archive/openArchive'
import { ArchiveVersionError, describeError } from '../errors'
import { IpcFailure } from './toIpcError'

export interface ArchiveSession {
  /** The open archive for this base URL, opening it (and closing another) when needed. */
  open(baseUrl: string): Archive
  info(baseUrl: string): ArchiveInfo
  close(): void
}

/** Keeps one archive open for the current base URL, so every query reuses prepared statements. */
export function createArchiveSession(pathFor: (baseUrl: string) => string): ArchiveSession {
  let current: Archive | null = null

  function open(baseUrl: string): Archive {
    const path = pathFor(baseUrl)
    if (current?.file === path) return current
    current?.close()
    current = null
    try {
      current = openArchive(path)
    } catch (error) {
      console.error('Cannot open the archive:', error)
      const reason =
        error instanceof ArchiveVersionError
          ? describeError(error)
          : `The archive ${path} cannot be opened: it may be damaged or in use by another program.`
      throw new IpcFailure({ code: 'archive', message: reason })
    }
    return current
  }

  return {
    open,
    info(baseUrl) {
      const archive = open(baseUrl)
      return {
        path: archive.file,
        bytes: fileSize(archive.file) + fileSize(`${archive.file}-wal`),
        conversations: archive.counts().total
      }
    },
    close() {
      current?.close()
      current = null
    }
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}
