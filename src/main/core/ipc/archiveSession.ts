import { statSync } from 'node:fs'
import type { ArchiveInfo } from '../../../shared/ipc/contract'
import type { Archive } from '../archive/archive'
import { openArchive } from '../archive/openArchive'
import { ArchiveVersionError, describeError } from '../errors'
import { createInlineReader, type ArchiveReader } from '../reader/archiveReader'
import { startReaderThread } from '../reader/readerThread'
import { IpcFailure } from './toIpcError'

export interface ArchiveSession {
  /** The open archive for this base URL, opening it (and closing another) when needed. */
  open(baseUrl: string): Archive
  /** What answers the window's queries on that archive: see ArchiveSessionOptions.readerEntry. */
  reader(baseUrl: string): Promise<ArchiveReader>
  info(baseUrl: string): ArchiveInfo
  /** Closes the archive and stops its reader; the file is free once this resolves. */
  close(): Promise<void>
}

export interface ArchiveSessionOptions {
  pathFor: (baseUrl: string) => string
  /**
   * The reader thread's program (readerWorker.ts, or the app's bundle of it), so that queries
   * never hold up this thread's event loop. Without it they run on this thread.
   */
  readerEntry?: string
}

/**
 * Keeps one archive open for the current base URL, so every query reuses prepared statements:
 * a connection on this thread, which creates and migrates the file and serves the sync, and a
 * reader thread with a connection of its own for the window's queries.
 */
export function createArchiveSession(options: ArchiveSessionOptions): ArchiveSession {
  const { pathFor, readerEntry } = options
  let current: Archive | null = null
  let reader: Promise<ArchiveReader> | null = null

  function closeReader(): Promise<void> {
    const closing = reader?.then((r) => r.close())
    reader = null
    return closing ?? Promise.resolve()
  }

  async function startReader(archive: Archive): Promise<ArchiveReader> {
    if (!readerEntry) return createInlineReader(archive)
    try {
      return await startReaderThread(archive.file, readerEntry)
    } catch (error) {
      // Slower under load, but every query still answers.
      console.warn('The reader thread did not start; queries run on the main thread:', error)
      return createInlineReader(archive)
    }
  }

  function open(baseUrl: string): Archive {
    const path = pathFor(baseUrl)
    if (current?.file === path) return current
    void closeReader()
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
    // Started now, while the window loads, so its first search does not wait for the thread.
    reader = startReader(current)
    return current
  }

  return {
    open,
    async reader(baseUrl) {
      const archive = open(baseUrl)
      // A thread that stopped (it crashed, or ran out of memory) is replaced on the next query.
      if (reader && !(await reader).alive()) reader = null
      reader ??= startReader(archive)
      return reader
    },
    info(baseUrl) {
      const archive = open(baseUrl)
      return {
        path: archive.file,
        bytes: fileSize(archive.file) + fileSize(`${archive.file}-wal`),
        conversations: archive.counts().total
      }
    },
    async close() {
      const closing = closeReader()
      current?.close()
      current = null
      await closing
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
