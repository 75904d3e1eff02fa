import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openArchive } from './openArchive'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow } from './testRows'

const { tempFile } = useTempDir()
const SEEN = '2025-02-01T00:00:00.000Z'

function countedByScan(file: string): { total: number; removed: number } {
  const db = new Database(file, { readonly: true })
  try {
    return db
      .prepare<[], { total: number; removed: number }>(
        'SELECT count(*) AS total, count(removed_at) AS removed FROM conversations'
      )
      .get()!
  } finally {
    db.close()
  }
}

describe('counts', () => {
  it('matches a count of every row through writes, a failed page and removals', () => {
    const file = tempFile()
    const archive = openArchive(file)
    expect(archive.counts()).toEqual({ total: 0, removed: 0 })

    archive.writePage([makeRow({ id: 'a' }), makeRow({ id: 'b' })], SEEN, makeCheckpoint())
    // A page that fails half way leaves no row behind, and no gap in the rowids either.
    expect(() =>
      archive.writePage(
        [makeRow({ id: 'c' }), makeRow({ id: 'bad', created_at: 'never' })],
        SEEN,
        makeCheckpoint()
      )
    ).toThrow()
    archive.writePage(
      [makeRow({ id: 'd' }), makeRow({ id: 'a', message_count: 7 })],
      SEEN,
      makeCheckpoint()
    )
    archive.completeCrawl({
      mode: 'full',
      startedAt: '2025-02-02T00:00:00.000Z',
      finishedAt: '2025-02-02T00:05:00.000Z',
      complete: true
    })

    expect(archive.counts()).toEqual({ total: 3, removed: 3 })
    expect(archive.counts()).toEqual(countedByScan(file))
    archive.close()
  })
})

describe('types', () => {
  it('lists the types that occur, in order, and nothing for an empty archive', () => {
    const archive = openArchive(tempFile())
    expect(archive.types()).toEqual([])
    archive.writePage(
      [
        makeRow({ id: 'w', type: 'widget' }),
        makeRow({ id: 'x', type: 'whatsapp' }),
        makeRow({ id: 'y', type: 'widget' }),
        makeRow({ id: 'z', type: 'api' })
      ],
      SEEN,
      makeCheckpoint()
    )
    expect(archive.types()).toEqual(['api', 'whatsapp', 'widget'])
    archive.close()
  })
})
