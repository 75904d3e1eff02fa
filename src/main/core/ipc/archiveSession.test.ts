import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeCheckpoint, useTempDir } from '../archive/testArchive'
import { makeRow } from '../archive/testRows'
import { SOURCE_READER_ENTRY } from '../reader/readerEntry'
import * as readerThread from '../reader/readerThread'
import { createArchiveSession, type ArchiveSession } from './archiveSession'

const { tempFile } = useTempDir()
const SEEN = '2025-02-02T00:00:00.000Z'
const ACCOUNT = 'https://one.example'
const OTHER = 'https://two.example'

let session: ArchiveSession | null = null
afterEach(async () => {
  await session?.close()
  session = null
  vi.restoreAllMocks()
})

/** A session over two archives (one per base URL), the first holding one conversation. */
function sessionWith(readerEntry?: string): ArchiveSession {
  const files: Record<string, string> = {
    [ACCOUNT]: tempFile('one.sqlite3'),
    [OTHER]: tempFile('two.sqlite3')
  }
  session = createArchiveSession({ pathFor: (url) => files[url], readerEntry })
  session.open(ACCOUNT).writePage([makeRow({ id: 'first' })], SEEN, makeCheckpoint())
  return session
}

describe('createArchiveSession', () => {
  it('answers queries on this thread when it has no reader program', async () => {
    const reader = await sessionWith().reader(ACCOUNT)
    expect((await reader.get('first'))?.id).toBe('first')
    await reader.close()
    expect(reader.alive()).toBe(true)
  })

  it('falls back to this thread, with a warning, when the reader thread cannot start', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const reader = await sessionWith('/nowhere/readerWorker.js').reader(ACCOUNT)
    expect(await reader.count({})).toBe(1)
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('queries run on the main thread'),
      expect.anything()
    )
  })

  it('replaces a reader thread that stopped on the next query', async () => {
    const archives = sessionWith(SOURCE_READER_ENTRY)
    const first = await archives.reader(ACCOUNT)
    expect(await archives.reader(ACCOUNT)).toBe(first)
    await first.close()
    const second = await archives.reader(ACCOUNT)
    expect(second).not.toBe(first)
    expect(second.alive()).toBe(true)
    expect((await second.get('first'))?.id).toBe('first')
  })

  it("stops the reader of the previous account's archive when the account changes", async () => {
    const archives = sessionWith(SOURCE_READER_ENTRY)
    const first = await archives.reader(ACCOUNT)
    const other = await archives.reader(OTHER)
    expect(await other.get('first')).toBeNull()
    await vi.waitFor(() => expect(first.alive()).toBe(false))
  })

  it('starts the reader thread as soon as the archive opens', async () => {
    const archives = sessionWith(SOURCE_READER_ENTRY)
    const started = vi.spyOn(readerThread, 'startReaderThread')
    archives.open(OTHER)
    expect(started).toHaveBeenCalledTimes(1)
    await archives.reader(OTHER)
    expect(started).toHaveBeenCalledTimes(1)
  })

  it('stops its reader thread when closed', async () => {
    const archives = sessionWith(SOURCE_READER_ENTRY)
    const reader = await archives.reader(ACCOUNT)
    await archives.close()
    expect(reader.alive()).toBe(false)
  })
})
