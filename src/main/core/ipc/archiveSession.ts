import { existsSync, renameSync, statSync } from 'node:fs'
import type { ArchiveInfo } from '../../../shared/ipc/contract'
import type { Archive } from '../archive/archive'
import { archiveNeedsUpgrade, openArchive } from '../archive/openArchive'
import { identifyArchiveFile } from '../archive/archiveIdentity'
import { latestVersion } from '../archive/migrate'
import { MIGRATIONS } from '../archive/migrations'
import { ArchiveVersionError, CoreError, describeError, NotAnArchiveError } from '../errors'
import { createInlineReader, type ArchiveReader } from '../reader/archiveReader'
import { startReaderThread } from '../reader/readerThread'
import { createInlineWriter, type ArchiveWriter } from '../sync/archiveWriter'
import { startWriterThread } from '../sync/writerThread'
import { readOnlyArchive } from './archiveFileErrors'
import {
  companionFiles,
  fileIdentity,
  fileWasReplaced,
  writeBack,
  type CompanionFiles,
  type FileIdentity
} from './archiveWriteBack'
import { IpcFailure } from './toIpcError'

export interface ArchiveSession {
  /** The open archive for this base URL, opening it (and closing another) when needed. */
  open(baseUrl: string): Promise<Archive>
  /** What answers the window's queries on that archive: see ArchiveSessionOptions.readerEntry. */
  reader(baseUrl: string): Promise<ArchiveReader>
  /**
   * A second reader, for the dashboard's scans: a thread of its own, started on first use, so
   * that typing in the search never waits behind a dashboard query (design.md, "Readers").
   */
  analyticReader(baseUrl: string): Promise<ArchiveReader>
  /**
   * The archive's one long-lived writer, which the list sync and the transcript work both write
   * through (they never close it): a thread of its own with its own connection when there is a
   * writerEntry, so writes and the backfill's scans of the whole archive hold up neither this
   * thread nor the window's reader, and two writers never wait on each other for the file.
   * Closed with the archive.
   */
  writer(baseUrl: string): Promise<ArchiveWriter>
  info(baseUrl: string): Promise<ArchiveInfo>
  /**
   * Renames a file that is no archive this version can use (see 'not-an-archive') beside
   * itself, `<name>.not-an-archive-<UTC time>`, so that the next open starts a new archive;
   * returns the name it is kept under. An archive that opens is never moved.
   */
  setAside(baseUrl: string): Promise<string>
  /** Closes the archive, its writer and its reader; the file is free once this resolves. */
  close(): Promise<void>
}

/** What a person can do about a file that is not an archive, or is one of a newer version. */
const START_ANEW =
  'Start a new archive to go on: this file is then kept beside it under another name.'

export interface ArchiveSessionOptions {
  pathFor: (baseUrl: string) => string
  /**
   * The reader thread's program (readerWorker.ts, or the app's bundle of it), so that queries
   * never hold up this thread's event loop. Without it they run on this thread.
   */
  readerEntry?: string
  /**
   * The writer thread's program (writerWorker.ts, or the app's bundle of it). An archive from
   * an older version is upgraded there, since the writer migrates as it opens: at a million rows
   * that takes seconds, during which this thread would answer nothing. Without it, or if that
   * thread cannot start, the upgrade runs on this thread.
   */
  writerEntry?: string
}

/**
 * Keeps one archive open for the current base URL, so every query reuses prepared statements:
 * a connection on this thread, which creates and migrates the file and answers the sync's
 * checkpoint and counts, a reader thread with a connection of its own for the window's queries,
 * and one writer for everything written.
 */
interface OpenEntry {
  path: string
  archive: Promise<Archive>
  /** The file as it was opened, to notice it deleted or replaced; null until open. */
  identity: FileIdentity | null
  companions: CompanionFiles
}

export function createArchiveSession(options: ArchiveSessionOptions): ArchiveSession {
  const { pathFor, readerEntry, writerEntry } = options
  let current: OpenEntry | null = null
  // A write-back of a lost file (see writeBackLost) that the next open waits for.
  let writingBack: Promise<unknown> = Promise.resolve()
  let reader: Promise<ArchiveReader> | null = null
  let analyticReader: Promise<ArchiveReader> | null = null
  let writer: { path: string; writer: Promise<ArchiveWriter> } | null = null

  function closeReader(): Promise<void> {
    const closing = Promise.all(
      [reader, analyticReader].map((r) => r?.then((open) => open.close()))
    )
    reader = null
    analyticReader = null
    return closing.then(() => undefined)
  }

  function closeWriter(): Promise<void> {
    // One that failed to start has nothing to close, and said why when it was asked for.
    const closing = writer?.writer.then(
      (w) => w.close(),
      () => undefined
    )
    writer = null
    return closing ?? Promise.resolve()
  }

  async function closeCurrent(): Promise<void> {
    const previous = current
    current = null
    const closingWriter = closeWriter()
    const closingReader = closeReader()
    // One still opening is closed once it has opened; one that failed has nothing to close.
    const archive = await previous?.archive.catch(() => null)
    // What the writer was handed is committed first: an inline one writes through this connection.
    await closingWriter
    archive?.close()
    await closingReader
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

  async function startWriter(archive: Archive): Promise<ArchiveWriter> {
    if (!writerEntry) return createInlineWriter(archive)
    try {
      return await startWriterThread(archive.file, writerEntry)
    } catch (error) {
      console.warn('The writer thread did not start; the archive is written on this thread:', error)
      return createInlineWriter(archive)
    }
  }

  async function upgradeOnWriterThread(path: string): Promise<void> {
    if (!writerEntry || !archiveNeedsUpgrade(path)) return
    try {
      const writer = await startWriterThread(path, writerEntry)
      await writer.close()
    } catch (error) {
      console.warn(
        'The archive could not be upgraded on a thread; it is upgraded on this one:',
        error
      )
    }
  }

  async function openFile(path: string): Promise<Archive> {
    // Refused before SQLite tries: it would open the file read-only and fail on the first write.
    const readOnly = readOnlyArchive(path)
    if (readOnly) throw new IpcFailure(readOnly)
    await upgradeOnWriterThread(path)
    try {
      return openArchive(path)
    } catch (error) {
      console.error('Cannot open the archive:', error)
      if (error instanceof NotAnArchiveError || error instanceof ArchiveVersionError) {
        throw new IpcFailure({
          code: 'not-an-archive',
          message: `${describeError(error)} ${START_ANEW}`
        })
      }
      throw new IpcFailure({
        code: 'archive',
        message: `The archive ${path} cannot be opened: it may be damaged or in use by another program.`
      })
    }
  }

  /**
   * The open archive's file was deleted or replaced: its threads close first (the writer
   * commits what it holds), then this connection writes it all back (see archiveWriteBack.ts).
   */
  async function writeBackLost(
    path: string,
    archive: Promise<Archive>,
    own: CompanionFiles
  ): Promise<never> {
    await Promise.all([closeWriter(), closeReader()])
    const open = await archive
    try {
      throw new IpcFailure(writeBack(open, path, own))
    } finally {
      open.close()
    }
  }

  function open(baseUrl: string): Promise<Archive> {
    const path = pathFor(baseUrl)
    if (current?.path === path && current.identity && fileWasReplaced(path, current.identity)) {
      const lost = current
      current = null
      const writing = writeBackLost(path, lost.archive, lost.companions)
      writingBack = writing
      return writing
    }
    if (current?.path === path) return current.archive
    const closing = closeCurrent()
    const opening = Promise.all([closing, writingBack.catch(() => undefined)]).then(() =>
      openFile(path)
    )
    const entry: OpenEntry = {
      path,
      archive: opening,
      identity: null,
      companions: { wal: null, shm: null }
    }
    current = entry
    opening.then(
      (archive) => {
        entry.identity = fileIdentity(path)
        entry.companions = companionFiles(path)
        // Started now, while the window loads, so its first search does not wait for the thread.
        if (current === entry) reader = startReader(archive)
      },
      // The next call tries again: the file may have been freed or repaired meanwhile.
      () => {
        if (current === entry) current = null
      }
    )
    return opening
  }

  return {
    open,
    async reader(baseUrl) {
      const archive = await open(baseUrl)
      // A thread that stopped (it crashed, or ran out of memory) is replaced on the next query.
      if (reader && !(await reader).alive()) reader = null
      reader ??= startReader(archive)
      return reader
    },
    async analyticReader(baseUrl) {
      const archive = await open(baseUrl)
      if (analyticReader && !(await analyticReader).alive()) analyticReader = null
      analyticReader ??= startReader(archive)
      return analyticReader
    },
    async writer(baseUrl) {
      const archive = await open(baseUrl)
      // As for the reader: a writer thread that stopped is replaced, so one crash does not fail
      // every sync and transcript until the archive is opened again.
      if (writer?.path === archive.file && !(await writer.writer).alive()) writer = null
      if (writer?.path !== archive.file)
        writer = { path: archive.file, writer: startWriter(archive) }
      return writer.writer
    },
    async info(baseUrl) {
      const archive = await open(baseUrl)
      return {
        path: archive.file,
        bytes: fileSize(archive.file) + fileSize(`${archive.file}-wal`),
        conversations: archive.counts().total
      }
    },
    async setAside(baseUrl) {
      const path = pathFor(baseUrl)
      if (!unusable(path)) {
        throw new CoreError(`The archive ${path} opens as it is: nothing was set aside.`)
      }
      // Nothing is open on such a file, except what a failed open leaves to close.
      await closeCurrent()
      return moveAside(path)
    },
    close: closeCurrent
  }
}

/** Whether the file is one that setAside may move: not an archive, or of a newer version. */
function unusable(path: string): boolean {
  try {
    identifyArchiveFile(path, latestVersion(MIGRATIONS))
    return false
  } catch (error) {
    if (error instanceof NotAnArchiveError || error instanceof ArchiveVersionError) return true
    throw error
  }
}

/** The file and its SQLite side files, renamed together so none is lost or left to confuse. */
function moveAside(path: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')
  const keptAs = `${path}.not-an-archive-${stamp}`
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, keptAs + suffix)
  }
  renameSync(path, keptAs)
  return keptAs
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}
