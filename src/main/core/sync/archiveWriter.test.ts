import { describe, expect, it } from 'vitest'
import type { Archive, PageToWrite, PageWriteResult, RemovedBatch } from '../archive/archive'
import { openArchive } from '../archive/openArchive'
import { makeCheckpoint, useTempDir } from '../archive/testArchive'
import { makeRow } from '../archive/testRows'
import { currentTranscript } from '../archive/testTranscripts'
import { createInlineWriter, createPageBatcher, markRemovedInBatches } from './archiveWriter'

const { tempFile } = useTempDir()

const COMPLETION = {
  mode: 'full' as const,
  startedAt: '2025-02-02T00:00:00.000Z',
  finishedAt: '2025-02-02T00:05:00.000Z',
  complete: true
}

describe('markRemovedInBatches', () => {
  it('checks the archive in ranges, letting the event loop run between them', async () => {
    const answers: RemovedBatch[] = [
      { marked: 2, nextAfterRowid: 5_000 },
      { marked: 0, nextAfterRowid: 10_000 },
      { marked: 5, nextAfterRowid: null }
    ]
    const calls: { after: number; turns: number }[] = []
    let turns = 0
    let running = true
    const turn = (): void => {
      turns++
      if (running) setImmediate(turn)
    }
    setImmediate(turn)
    const archive = {
      markRemovedBatch: (_completion: unknown, after: number) => {
        calls.push({ after, turns })
        return answers[calls.length - 1]
      }
    } as unknown as Archive

    const result = await markRemovedInBatches(archive, COMPLETION)
    running = false

    expect(result).toEqual({ removed: 7, markedUpTo: 15_000 })
    expect(calls.map((call) => call.after)).toEqual([0, 5_000, 10_000])
    // Another task (a search) got a turn between every two batches.
    expect(calls[1].turns).toBeGreaterThan(calls[0].turns)
    expect(calls[2].turns).toBeGreaterThan(calls[1].turns)
  })
})

const page = (cursor: string): PageToWrite => ({
  rows: [],
  seenAt: '2025-02-02T00:00:00.000Z',
  checkpoint: makeCheckpoint({ cursor })
})
const resultFor = (pageToWrite: PageToWrite): PageWriteResult => ({
  inserted: Number(pageToWrite.checkpoint.cursor?.slice(1)),
  updated: 0,
  unchanged: 0
})

describe('createPageBatcher', () => {
  it('commits the pages handed over during a commit together, in order, each with its result', async () => {
    const batches: string[][] = []
    let release: () => void = () => undefined
    const batcher = createPageBatcher(async (pages) => {
      batches.push(pages.map((p) => p.checkpoint.cursor ?? ''))
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve))
      return pages.map(resultFor)
    })

    const written = ['p1', 'p2', 'p3', 'p4'].map((cursor) => batcher.writePage(page(cursor)))
    release()
    const results = await Promise.all(written)

    expect(batches).toEqual([['p1'], ['p2', 'p3', 'p4']])
    expect(results.map((r) => r.inserted)).toEqual([1, 2, 3, 4])
    await batcher.idle()
    expect(batcher.writeMs()).toBeGreaterThan(0)
  })

  it('fails a batch and everything queued behind it, then writes again', async () => {
    let release: () => void = () => undefined
    let calls = 0
    const batcher = createPageBatcher(async (pages) => {
      calls++
      if (calls === 1) {
        await new Promise<void>((resolve) => (release = resolve))
        throw new Error('disk full')
      }
      return pages.map(resultFor)
    })

    const first = batcher.writePage(page('p1'))
    const queued = batcher.writePage(page('p2'))
    release()
    await expect(first).rejects.toThrow('disk full')
    // Committing p2 alone would save a checkpoint past the page that failed.
    await expect(queued).rejects.toThrow('disk full')
    expect(calls).toBe(1)

    await expect(batcher.writePage(page('p3'))).resolves.toMatchObject({ inserted: 3 })
  })
})

describe('createInlineWriter', () => {
  it('writes transcripts and answers the backfill’s queries through the archive', async () => {
    const archive = openArchive(tempFile())
    const writer = createInlineWriter(archive)
    await writer.writePage({
      rows: [makeRow({ id: 'a' }), makeRow({ id: 'b' })],
      seenAt: '2025-02-02T00:00:00.000Z',
      checkpoint: makeCheckpoint()
    })
    expect((await writer.transcriptTargets({ limit: 5 })).map((t) => t.id)).toEqual(['b', 'a'])
    await writer.writeTranscript(currentTranscript(archive, 'a', ['hello']))
    // The list has moved on since b was chosen (its updated_at differs): it stays due.
    await writer.markTranscriptNotFound(
      { id: 'b', messageCount: 3, updatedAt: null },
      '2025-02-03T00:00:00.000Z'
    )
    expect(archive.transcript('a')?.messages).toEqual([{ role: 'user', content: 'hello' }])
    expect(await writer.transcriptCounts()).toEqual({
      missing: 1,
      stale: 0,
      current: 1,
      notFound: 0
    })
    await writer.close()
    archive.close()
  })
})
