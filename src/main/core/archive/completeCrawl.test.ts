import { describe, expect, it } from 'vitest'
import { openArchive } from './openArchive'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow } from './testRows'

const { tempFile } = useTempDir()
const CRAWL1 = '2025-02-01T00:00:00.000Z'
const CRAWL2 = '2025-02-02T00:00:00.000Z'
const CRAWL2_END = '2025-02-02T00:05:00.000Z'

function archiveWith(ids: string[]): ReturnType<typeof openArchive> {
  const archive = openArchive(tempFile())
  archive.writePage(
    ids.map((id) => makeRow({ id })),
    CRAWL1,
    makeCheckpoint({ startedAt: CRAWL1 })
  )
  archive.completeCrawl({ mode: 'full', startedAt: CRAWL1, finishedAt: CRAWL1, complete: true })
  return archive
}

describe('completeCrawl', () => {
  it('marks rows a complete crawl did not see as removed, and keeps them', () => {
    const archive = archiveWith(['a', 'b', 'c'])
    archive.writePage([makeRow({ id: 'a' })], CRAWL2, makeCheckpoint({ startedAt: CRAWL2 }))
    const removed = archive.completeCrawl({
      mode: 'full',
      startedAt: CRAWL2,
      finishedAt: CRAWL2_END,
      complete: true
    })

    expect(removed).toBe(2)
    expect(archive.get('a')?.removed_at).toBeNull()
    expect(archive.get('b')).toMatchObject({ removed_at: CRAWL2_END, last_seen_at: CRAWL1 })
    expect(archive.get('c')?.removed_at).toBe(CRAWL2_END)
    expect(archive.count({})).toBe(3)
    archive.close()
  })

  it('keeps the first removal time when a later crawl still misses the row', () => {
    const archive = archiveWith(['a', 'b'])
    archive.completeCrawl({
      mode: 'full',
      startedAt: CRAWL2,
      finishedAt: CRAWL2_END,
      complete: true
    })
    expect(
      archive.completeCrawl({
        mode: 'full',
        startedAt: '2025-02-03T00:00:00.000Z',
        finishedAt: '2025-02-03T00:05:00.000Z',
        complete: true
      })
    ).toBe(0)
    expect(archive.get('b')?.removed_at).toBe(CRAWL2_END)
    archive.close()
  })

  it('restores a removed row that is seen again', () => {
    const archive = archiveWith(['a'])
    archive.completeCrawl({
      mode: 'full',
      startedAt: CRAWL2,
      finishedAt: CRAWL2_END,
      complete: true
    })
    expect(archive.get('a')?.removed_at).toBe(CRAWL2_END)

    const result = archive.writePage(
      [makeRow({ id: 'a' })],
      '2025-02-03T00:00:00.000Z',
      makeCheckpoint()
    )
    expect(result.unchanged).toBe(1)
    expect(archive.get('a')?.removed_at).toBeNull()
    expect(archive.stats().removed).toBe(0)
    archive.close()
  })

  it('marks nothing after an incomplete crawl', () => {
    const archive = archiveWith(['a', 'b'])
    const removed = archive.completeCrawl({
      mode: 'quick',
      startedAt: CRAWL2,
      finishedAt: CRAWL2_END,
      complete: false
    })
    expect(removed).toBe(0)
    expect(archive.search({ removed: 'only' }).conversations).toEqual([])
    archive.close()
  })

  it('clears the checkpoint and records the sync history', () => {
    const archive = openArchive(tempFile())
    expect(archive.syncHistory()).toEqual({ lastSyncAt: null, lastCompleteCrawlAt: null })

    archive.writePage([makeRow({ id: 'a' })], CRAWL1, makeCheckpoint({ startedAt: CRAWL1 }))
    archive.completeCrawl({ mode: 'full', startedAt: CRAWL1, finishedAt: CRAWL1, complete: true })
    expect(archive.readCheckpoint()).toBeNull()
    expect(archive.syncHistory()).toEqual({ lastSyncAt: CRAWL1, lastCompleteCrawlAt: CRAWL1 })

    archive.writePage(
      [makeRow({ id: 'a' })],
      CRAWL2,
      makeCheckpoint({ mode: 'quick', startedAt: CRAWL2 })
    )
    archive.completeCrawl({
      mode: 'quick',
      startedAt: CRAWL2,
      finishedAt: CRAWL2_END,
      complete: false
    })
    expect(archive.readCheckpoint()).toBeNull()
    expect(archive.syncHistory()).toEqual({ lastSyncAt: CRAWL2_END, lastCompleteCrawlAt: CRAWL1 })
    archive.close()
  })

  it("leaves another crawl's checkpoint to resume", () => {
    const archive = openArchive(tempFile())
    const full = makeCheckpoint({ mode: 'full', startedAt: CRAWL1, cursor: 'page-3', pages: 2 })
    archive.writePage([makeRow({ id: 'a' })], CRAWL1, full)
    // A quick refresh in between writes its pages with the full crawl's checkpoint.
    archive.writePage([makeRow({ id: 'b' })], CRAWL2, full)
    archive.completeCrawl({
      mode: 'quick',
      startedAt: CRAWL2,
      finishedAt: CRAWL2_END,
      complete: false
    })
    expect(archive.readCheckpoint()).toEqual(full)

    archive.completeCrawl({
      mode: 'full',
      startedAt: CRAWL1,
      finishedAt: CRAWL2_END,
      complete: true
    })
    expect(archive.readCheckpoint()).toBeNull()
    archive.close()
  })
})

describe('markRemovedBatch', () => {
  it('marks what completeCrawl would, one rowid range at a time', () => {
    const archive = archiveWith(['a', 'b', 'c', 'd', 'e'])
    archive.writePage([makeRow({ id: 'a' })], CRAWL2, makeCheckpoint({ startedAt: CRAWL2 }))
    const completion = {
      mode: 'full' as const,
      startedAt: CRAWL2,
      finishedAt: CRAWL2_END,
      complete: true
    }

    expect(archive.markRemovedBatch(completion, 0, 2)).toEqual({ marked: 1, nextAfterRowid: 2 })
    expect(archive.get('c')?.removed_at).toBeNull()
    expect(archive.markRemovedBatch(completion, 2, 2)).toEqual({ marked: 2, nextAfterRowid: 4 })
    expect(archive.markRemovedBatch(completion, 4, 2)).toEqual({ marked: 1, nextAfterRowid: null })
    expect(archive.completeCrawl({ ...completion, markedUpTo: 6 })).toBe(0)

    expect(archive.get('a')?.removed_at).toBeNull()
    for (const id of ['b', 'c', 'd', 'e']) expect(archive.get(id)?.removed_at).toBe(CRAWL2_END)
    expect(archive.readCheckpoint()).toBeNull()
    expect(archive.syncHistory().lastCompleteCrawlAt).toBe(CRAWL2_END)
    archive.close()
  })

  it('refuses an incomplete crawl, which proves nothing removed', () => {
    const archive = archiveWith(['a'])
    const completion = { mode: 'full' as const, startedAt: CRAWL2, finishedAt: CRAWL2_END }
    expect(() => archive.markRemovedBatch({ ...completion, complete: false }, 0, 10)).toThrow(
      /complete crawl/
    )
    expect(archive.get('a')?.removed_at).toBeNull()
    archive.close()
  })
})
