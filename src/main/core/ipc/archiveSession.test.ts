import Database from 'better-sqlite3'
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { archiveNeedsUpgrade, openArchive } from '../archive/openArchive'
import { migrate } from '../archive/migrate'
import { initial } from '../archive/migrations/001_initial'
import { makeCheckpoint, useTempDir } from '../archive/testArchive'
import { makeRow } from '../archive/testRows'
import { SOURCE_READER_ENTRY } from '../reader/readerEntry'
import * as readerThread from '../reader/readerThread'
import { SOURCE_WRITER_ENTRY } from '../sync/writerEntry'
import * as writerThread from '../sync/writerThread'
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
async function sessionWith(readerEntry?: string): Promise<ArchiveSession> {
  const files: Record<string, string> = {
    [ACCOUNT]: tempFile('one.sqlite3'),
    [OTHER]: tempFile('two.sqlite3')
  }
  session = createArchiveSession({ pathFor: (url) => files[url], readerEntry })
  ;(await session.open(ACCOUNT)).writePage([makeRow({ id: 'first' })], SEEN, makeCheckpoint())
  return session
}

/** An archive file as the first released version left it: schema 1, one phone without keys. */
function archiveFromVersion1(): string {
  const file = tempFile('old.sqlite3')
  const db = new Database(file)
  migrate(db, [initial])
  db.prepare('INSERT INTO phones (phone) VALUES (?)').run('+1 (415) 555-9876')
  db.close()
  return file
}

function phoneKeys(archive: { file: string }): unknown {
  const db = new Database(archive.file, { readonly: true })
  try {
    return db.prepare('SELECT keys FROM phones').pluck().get()
  } finally {
    db.close()
  }
}

describe('createArchiveSession', () => {
  it('answers queries on this thread when it has no reader program', async () => {
    const reader = await (await sessionWith()).reader(ACCOUNT)
    expect((await reader.get('first'))?.id).toBe('first')
    await reader.close()
    expect(reader.alive()).toBe(true)
  })

  it('falls back to this thread, with a warning, when the reader thread cannot start', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const reader = await (await sessionWith('/nowhere/readerWorker.js')).reader(ACCOUNT)
    expect(await reader.count({})).toBe(1)
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('queries run on the main thread'),
      expect.anything()
    )
  })

  it('replaces a reader thread that stopped on the next query', async () => {
    const archives = await sessionWith(SOURCE_READER_ENTRY)
    const first = await archives.reader(ACCOUNT)
    expect(await archives.reader(ACCOUNT)).toBe(first)
    await first.close()
    const second = await archives.reader(ACCOUNT)
    expect(second).not.toBe(first)
    expect(second.alive()).toBe(true)
    expect((await second.get('first'))?.id).toBe('first')
  })

  it("stops the reader of the previous account's archive when the account changes", async () => {
    const archives = await sessionWith(SOURCE_READER_ENTRY)
    const first = await archives.reader(ACCOUNT)
    const other = await archives.reader(OTHER)
    expect(await other.get('first')).toBeNull()
    await vi.waitFor(() => expect(first.alive()).toBe(false))
  })

  it('starts the reader thread as soon as the archive opens', async () => {
    const archives = await sessionWith(SOURCE_READER_ENTRY)
    const started = vi.spyOn(readerThread, 'startReaderThread')
    await archives.open(OTHER)
    expect(started).toHaveBeenCalledTimes(1)
    await archives.reader(OTHER)
    expect(started).toHaveBeenCalledTimes(1)
  })

  it('answers the dashboard on a reader thread of its own, so a search never queues behind it', async () => {
    const archives = await sessionWith(SOURCE_READER_ENTRY)
    const interactive = await archives.reader(ACCOUNT)
    const analytic = await archives.analyticReader(ACCOUNT)
    expect(analytic).not.toBe(interactive)
    expect(await archives.analyticReader(ACCOUNT)).toBe(analytic)
    expect((await analytic.insights({})).total).toBe(1)
    await archives.close()
    expect(analytic.alive()).toBe(false)
    expect(interactive.alive()).toBe(false)
  })

  it('stops its reader thread when closed', async () => {
    const archives = await sessionWith(SOURCE_READER_ENTRY)
    const reader = await archives.reader(ACCOUNT)
    await archives.close()
    expect(reader.alive()).toBe(false)
  })

  it('upgrades an archive from an older version on the writer thread, before opening it here', async () => {
    const file = archiveFromVersion1()
    const started = vi.spyOn(writerThread, 'startWriterThread')
    session = createArchiveSession({ pathFor: () => file, writerEntry: SOURCE_WRITER_ENTRY })
    const opening = session.open(ACCOUNT)
    // The migration has not run on this thread: the call returned before it.
    expect(archiveNeedsUpgrade(file)).toBe(true)
    const archive = await opening
    expect(started).toHaveBeenCalledWith(file, SOURCE_WRITER_ENTRY)
    expect(phoneKeys(archive)).toBe('14155559876')
  })

  it('opens an up-to-date archive without starting a thread to upgrade it', async () => {
    const file = tempFile()
    openArchive(file).close()
    const started = vi.spyOn(writerThread, 'startWriterThread')
    session = createArchiveSession({ pathFor: () => file, writerEntry: SOURCE_WRITER_ENTRY })
    expect((await session.info(ACCOUNT)).path).toBe(file)
    expect(started).not.toHaveBeenCalled()
  })

  it('upgrades on this thread, with a warning, when the writer thread cannot start', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const file = archiveFromVersion1()
    session = createArchiveSession({ pathFor: () => file, writerEntry: '/nowhere/writer.js' })
    expect(phoneKeys(await session.open(ACCOUNT))).toBe('14155559876')
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('upgraded on this one'),
      expect.anything()
    )
  })

  it('opens each archive once, however many ask for it at the same time', async () => {
    const file = archiveFromVersion1()
    const started = vi.spyOn(writerThread, 'startWriterThread')
    session = createArchiveSession({ pathFor: () => file, writerEntry: SOURCE_WRITER_ENTRY })
    const [first, second] = await Promise.all([session.open(ACCOUNT), session.reader(ACCOUNT)])
    expect(await session.open(ACCOUNT)).toBe(first)
    expect(await second.count({})).toBe(0)
    expect(started).toHaveBeenCalledTimes(1)
  })

  it('keeps one writer per open archive, on a thread, and closes it with the archive', async () => {
    const file = tempFile()
    const started = vi.spyOn(writerThread, 'startWriterThread')
    session = createArchiveSession({ pathFor: () => file, writerEntry: SOURCE_WRITER_ENTRY })
    const writer = await session.writer(ACCOUNT)
    expect(await session.writer(ACCOUNT)).toBe(writer)
    expect(started).toHaveBeenCalledTimes(1)
    await writer.writePage({
      rows: [makeRow({ id: 'by-the-writer' })],
      seenAt: SEEN,
      checkpoint: makeCheckpoint()
    })
    expect((await (await session.reader(ACCOUNT)).get('by-the-writer'))?.id).toBe('by-the-writer')
    await session.close()
    await expect(
      writer.writePage({ rows: [makeRow()], seenAt: SEEN, checkpoint: makeCheckpoint() })
    ).rejects.toThrow()
  })

  it('replaces a writer thread that stopped, on the next call', async () => {
    const file = tempFile()
    session = createArchiveSession({ pathFor: () => file, writerEntry: SOURCE_WRITER_ENTRY })
    const first = await session.writer(ACCOUNT)
    expect(first.alive()).toBe(true)
    // What a crash or an out-of-memory end leaves: a thread that answers nothing.
    await first.close()
    expect(first.alive()).toBe(false)
    const second = await session.writer(ACCOUNT)
    expect(second).not.toBe(first)
    await second.writePage({
      rows: [makeRow({ id: 'after-the-crash' })],
      seenAt: SEEN,
      checkpoint: makeCheckpoint()
    })
    expect((await (await session.reader(ACCOUNT)).get('after-the-crash'))?.id).toBe(
      'after-the-crash'
    )
  })

  it('starts a new writer for the archive of another account', async () => {
    const archives = await sessionWith()
    const first = await archives.writer(ACCOUNT)
    const other = await archives.writer(OTHER)
    expect(other).not.toBe(first)
    expect(await archives.writer(OTHER)).toBe(other)
  })

  it('writes on this thread, with a warning, when the writer thread cannot start', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const file = tempFile()
    session = createArchiveSession({ pathFor: () => file, writerEntry: '/nowhere/writer.js' })
    const writer = await session.writer(ACCOUNT)
    await writer.writePage({
      rows: [makeRow({ id: 'inline' })],
      seenAt: SEEN,
      checkpoint: makeCheckpoint()
    })
    expect((await session.open(ACCOUNT)).get('inline')?.id).toBe('inline')
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('written on this thread'),
      expect.anything()
    )
  })
})

describe('a file that is not an archive', () => {
  function foreignDatabase(): string {
    const file = tempFile('account.sqlite3')
    const db = new Database(file)
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('kept')")
    db.close()
    return file
  }

  it('is refused with an offer to start anew, then set aside unchanged and replaced', async () => {
    const file = foreignDatabase()
    const before = readFileSync(file)
    session = createArchiveSession({ pathFor: () => file })
    await expect(session.open(ACCOUNT)).rejects.toMatchObject({
      info: {
        code: 'not-an-archive',
        message:
          `The file ${file} is not a Conversation Browser archive: it is another program's ` +
          'SQLite database. It was left as it is. Start a new archive to go on: this file is ' +
          'then kept beside it under another name.'
      }
    })
    expect(readFileSync(file).equals(before)).toBe(true)

    const keptAs = await session.setAside(ACCOUNT)
    expect(dirname(keptAs)).toBe(dirname(file))
    expect(basename(keptAs)).toMatch(/^account\.sqlite3\.not-an-archive-\d{8}T\d{6}Z$/)
    expect(readFileSync(keptAs).equals(before)).toBe(true)
    const fresh = await session.open(ACCOUNT)
    expect(fresh.file).toBe(file)
    expect(fresh.counts().total).toBe(0)
  })

  it('is offered for an archive of a newer version too; a good archive is never set aside', async () => {
    const file = tempFile('account.sqlite3')
    const archive = openArchive(file)
    archive.close()
    session = createArchiveSession({ pathFor: () => file })
    await expect(session.setAside(ACCOUNT)).rejects.toThrow(/nothing was set aside/)
    expect(readdirSync(dirname(file))).toEqual(['account.sqlite3'])

    const newer = new Database(file)
    newer.pragma('user_version = 999')
    newer.close()
    await expect(session.open(ACCOUNT)).rejects.toMatchObject({
      info: {
        code: 'not-an-archive',
        message: expect.stringMatching(/newer version.*Start a new archive/)
      }
    })
    const keptAs = await session.setAside(ACCOUNT)
    expect(basename(keptAs)).toMatch(/^account\.sqlite3\.not-an-archive-/)
    expect((await session.open(ACCOUNT)).counts().total).toBe(0)
  })
})

describe('an archive file deleted or replaced while open', () => {
  it('is written back from the open connection, once, with a message that says so', async () => {
    const file = tempFile()
    session = createArchiveSession({ pathFor: () => file })
    const archive = await session.open(ACCOUNT)
    archive.writePage([makeRow({ id: 'kept' })], SEEN, makeCheckpoint())
    for (const path of [file, `${file}-wal`, `${file}-shm`]) rmSync(path, { force: true })

    await expect(session.open(ACCOUNT)).rejects.toMatchObject({
      info: { code: 'archive-restored', message: expect.stringMatching(/deleted or moved/) }
    })
    const reopened = await session.open(ACCOUNT)
    expect(reopened.get('kept')?.id).toBe('kept')
    expect(reopened.file).toBe(file)
  })

  it('keeps what was open beside a file that took its place, and opens that file as it is', async () => {
    const file = tempFile()
    session = createArchiveSession({ pathFor: () => file })
    ;(await session.open(ACCOUNT)).writePage([makeRow({ id: 'old' })], SEEN, makeCheckpoint())
    const other = openArchive(`${file}.other`)
    other.writePage([makeRow({ id: 'new' })], SEEN, makeCheckpoint())
    other.close()
    renameSync(`${file}.other`, file)

    const failure = await session
      .open(ACCOUNT)
      .catch((error: { info: { message: string } }) => error)
    const aside = /kept as (\S+);/.exec(
      (failure as { info: { message: string } }).info.message
    )?.[1]
    expect(aside).toBeDefined()
    const kept = openArchive(aside!, { readonly: true })
    expect(kept.get('old')?.id).toBe('old')
    kept.close()
    const now = await session.open(ACCOUNT)
    expect(now.get('new')?.id).toBe('new')
    expect(now.get('old')).toBeNull()
  })
})
