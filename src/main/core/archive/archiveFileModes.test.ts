import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openArchive } from './openArchive'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow } from './testRows'

const { tempFile } = useTempDir()
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8)

// Customer data: readable by its owner only, whatever the umask of the process that made it.
// umask 0 is the worst case: without explicit modes, files come out 0644 or 0666, folders 0777.
let umask: number
beforeEach(() => {
  umask = process.umask(0)
})
afterEach(() => {
  process.umask(umask)
})

describe.skipIf(process.platform === 'win32')('archive file modes', () => {
  it('creates the archive, its -wal and -shm 0600 and its missing folders 0700', () => {
    const root = join(tempFile(), '..')
    const file = join(root, 'Conversation Browser', 'archives', 'app.sqlite3')
    const archive = openArchive(file)
    archive.writePage([makeRow({ id: 'r' })], '2025-02-01T00:00:00.000Z', makeCheckpoint())
    expect(existsSync(`${file}-wal`)).toBe(true)
    expect(existsSync(`${file}-shm`)).toBe(true)
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600'])
    archive.close()
    expect(mode(join(root, 'Conversation Browser'))).toBe('700')
    expect(mode(join(root, 'Conversation Browser', 'archives'))).toBe('700')
    // The folder it was asked to create in was there already: its mode is not the app's business.
    expect(mode(root)).toBe('700')
  })

  it('makes an archive that an older version left readable by all 0600 when it opens it', () => {
    const file = tempFile()
    openArchive(file).close()
    chmodSync(file, 0o644)
    const archive = openArchive(file)
    archive.writePage([makeRow({ id: 'r' })], '2025-02-01T00:00:00.000Z', makeCheckpoint())
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600'])
    archive.close()
  })

  it('creates the archive 0600 in an empty file it is given', () => {
    const file = tempFile()
    writeFileSync(file, '', { mode: 0o666 })
    openArchive(file).close()
    expect(mode(file)).toBe('600')
  })
})
