import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ArchiveWriteError } from '../sync/writerThread'
import { archiveFileError, readOnlyArchive } from './archiveFileErrors'
import { toIpcError } from './toIpcError'

const asRoot = process.getuid?.() === 0

describe('archiveFileError', () => {
  it('tells a full disk, with what is kept and what to do, from either thread', () => {
    const fromWriter = toIpcError(new ArchiveWriteError('database or disk is full', 'SQLITE_FULL'))
    expect(fromWriter.code).toBe('disk-full')
    expect(fromWriter.message).toMatch(/^The disk is full.*kept.*free some disk space/)
    const here = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    expect(toIpcError(here)).toEqual(fromWriter)
  })

  it('tells a read-only archive and a disk error apart, and leaves other errors alone', () => {
    expect(archiveFileError({ code: 'SQLITE_READONLY_DBMOVED' })?.code).toBe('archive-read-only')
    expect(archiveFileError({ code: 'SQLITE_IOERR_WRITE' })).toMatchObject({
      code: 'archive',
      message: expect.stringMatching(/could not be written or read. What was committed is kept/)
    })
    expect(archiveFileError({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBeNull()
    expect(archiveFileError(new Error('no code'))).toBeNull()
  })

  it('finds an archive that cannot be written before anything tries to', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-read-only-'))
    try {
      const file = join(dir, 'archive.sqlite3')
      expect(readOnlyArchive(file)).toBeNull()
      writeFileSync(file, '')
      expect(readOnlyArchive(file)).toBeNull()
      chmodSync(file, 0o444)
      // Root may write whatever its mode says: for root, the immutable attribute makes it read-only.
      if (asRoot) execFileSync('chattr', ['+i', file])
      expect(readOnlyArchive(file)).toMatchObject({ code: 'archive-read-only' })
      expect(readOnlyArchive(file)?.message).toContain(file)
    } finally {
      if (asRoot) execFileSync('chattr', ['-i', join(dir, 'archive.sqlite3')])
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
