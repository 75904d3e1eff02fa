import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openArchive } from '../archive/openArchive'
import { makeCheckpoint, useTempDir } from '../archive/testArchive'
import { makeRow, makeWhatsAppRow } from '../archive/testRows'
import { currentTranscript } from '../archive/testTranscripts'
import { SOURCE_WRITER_ENTRY } from './writerEntry'
import { ArchiveWriteError, startWriterThread } from './writerThread'

const { tempFile } = useTempDir()
const SEEN = '2025-02-02T00:00:00.000Z'

describe('startWriterThread', () => {
  it('writes pages through a connection of its own, visible to this one once committed', async () => {
    const file = tempFile()
    const archive = openArchive(file)
    const writer = await startWriterThread(file, SOURCE_WRITER_ENTRY)
    try {
      const results = await Promise.all([
        writer.writePage({
          rows: [makeWhatsAppRow('a', '+14155550001'), makeRow({ id: 'b' })],
          seenAt: SEEN,
          checkpoint: makeCheckpoint({ cursor: 'page-2', pages: 1, rows: 2 })
        }),
        writer.writePage({
          rows: [makeWhatsAppRow('a', '+14155550001', { message_count: 9 })],
          seenAt: SEEN,
          checkpoint: makeCheckpoint({ cursor: 'page-3', pages: 2, rows: 3 })
        })
      ])

      expect(results).toEqual([
        { inserted: 2, updated: 0, unchanged: 0 },
        { inserted: 0, updated: 1, unchanged: 0 }
      ])
      expect(archive.get('a')?.message_count).toBe(9)
      expect(archive.search({ phone: '555 0001' }).conversations.map((c) => c.id)).toEqual(['a'])
      expect(archive.readCheckpoint()).toMatchObject({ cursor: 'page-3', rows: 3 })
    } finally {
      await writer.close()
      archive.close()
    }
  })

  it('ends a complete crawl on its thread, marking what the crawl did not see', async () => {
    const file = tempFile()
    const archive = openArchive(file)
    archive.writePage([makeRow({ id: 'old' })], '2025-01-01T00:00:00.000Z', makeCheckpoint())
    const writer = await startWriterThread(file, SOURCE_WRITER_ENTRY)
    try {
      await writer.writePage({
        rows: [makeRow({ id: 'kept' })],
        seenAt: SEEN,
        checkpoint: makeCheckpoint()
      })
      const removed = await writer.finishCrawl({
        mode: 'full',
        startedAt: '2025-02-01T00:00:00.000Z',
        finishedAt: SEEN,
        complete: true
      })

      expect(removed).toBe(1)
      expect(archive.get('old')?.removed_at).not.toBeNull()
      expect(archive.get('kept')?.removed_at).toBeNull()
      expect(archive.readCheckpoint()).toBeNull()
      expect(archive.syncHistory().lastCompleteCrawlAt).toBe(SEEN)
    } finally {
      await writer.close()
      archive.close()
    }
  })

  it('reports a failed write with its reason and keeps nothing of that transaction', async () => {
    const file = tempFile()
    const archive = openArchive(file)
    const writer = await startWriterThread(file, SOURCE_WRITER_ENTRY)
    try {
      const failed = writer.writePage({
        rows: [makeRow({ id: 'fine' }), makeRow({ id: 'bad', created_at: 'not a time' })],
        seenAt: SEEN,
        checkpoint: makeCheckpoint({ cursor: 'page-2', pages: 1 })
      })

      await expect(failed).rejects.toBeInstanceOf(ArchiveWriteError)
      await expect(failed).rejects.toThrow(/Writing to the archive failed: .*created_at of bad/)
      expect(archive.get('fine')).toBeNull()
      expect(archive.readCheckpoint()).toBeNull()
      // The thread carries on.
      await writer.writePage({
        rows: [makeRow({ id: 'next' })],
        seenAt: SEEN,
        checkpoint: makeCheckpoint()
      })
      expect(archive.get('next')).not.toBeNull()
    } finally {
      await writer.close()
      archive.close()
    }
  })

  it('writes transcripts and answers the backfill’s queries on its thread', async () => {
    const file = tempFile()
    const archive = openArchive(file)
    archive.writePage(
      [makeRow({ id: 'a' }), makeRow({ id: 'b', created_at: '2025-01-24T00:00:00.000Z' })],
      SEEN,
      makeCheckpoint()
    )
    const writer = await startWriterThread(file, SOURCE_WRITER_ENTRY)
    try {
      expect(await writer.transcriptTargets({ limit: 10 })).toEqual([
        expect.objectContaining({ id: 'a', reason: 'missing' }),
        expect.objectContaining({ id: 'b', reason: 'missing' })
      ])
      await writer.writeTranscript(currentTranscript(archive, 'a', ['Gracias, señor']))
      const b = archive.get('b')!
      await writer.markTranscriptNotFound(
        { id: 'b', messageCount: b.message_count, updatedAt: b.updated_at },
        SEEN
      )

      expect(archive.transcript('a')?.messages).toEqual([
        { role: 'user', content: 'Gracias, señor' }
      ])
      expect(archive.search({ text: 'senor' }).conversations.map((c) => c.id)).toEqual(['a'])
      expect(await writer.transcriptTargets({ limit: 10 })).toEqual([])
      expect(await writer.transcriptCounts()).toEqual({
        missing: 0,
        stale: 0,
        current: 1,
        notFound: 1
      })
      const unknown = { ...currentTranscript(archive, 'a', ['x']), id: 'nope' }
      await expect(writer.writeTranscript(unknown)).rejects.toThrow(
        /Writing to the archive failed: .*no conversation nope/
      )
    } finally {
      await writer.close()
      archive.close()
    }
  })

  it('rejects with a clear error when its program cannot be loaded', async () => {
    const file = tempFile()
    await expect(startWriterThread(file, join(__dirname, 'missing.js'))).rejects.toThrow(
      /Writing to the archive failed: .*missing\.js/
    )
  })

  it('refuses writes once closed', async () => {
    const file = tempFile()
    const writer = await startWriterThread(file, SOURCE_WRITER_ENTRY)
    await writer.writePage({
      rows: [makeRow({ id: 'a' })],
      seenAt: SEEN,
      checkpoint: makeCheckpoint()
    })
    await writer.close()
    await expect(
      writer.writePage({ rows: [], seenAt: SEEN, checkpoint: makeCheckpoint() })
    ).rejects.toBeInstanceOf(ArchiveWriteError)
  })
})
