import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeFileAtomically } from './writeFileAtomically'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cb-atomic-'))
})
afterEach(() => {
  chmodSync(dir, 0o700)
  rmSync(dir, { recursive: true, force: true })
})

describe('writeFileAtomically', () => {
  it('writes the file, or replaces one, and leaves nothing else', async () => {
    const file = join(dir, 'transcript.txt')
    await writeFileAtomically(file, 'first ✓')
    writeFileSync(join(dir, 'other'), 'x')
    await writeFileAtomically(file, 'second ✓')
    expect(readFileSync(file, 'utf8')).toBe('second ✓')
    expect(readdirSync(dir).sort()).toEqual(['other', 'transcript.txt'])
  })

  it('throws and leaves no file when the folder does not exist', async () => {
    await expect(writeFileAtomically(join(dir, 'missing', 'x.txt'), 'x')).rejects.toMatchObject({
      code: 'ENOENT'
    })
    expect(readdirSync(dir)).toEqual([])
  })

  it.skipIf(process.getuid?.() === 0)(
    'keeps the old file when the new one cannot be written',
    async () => {
      const file = join(dir, 'kept.txt')
      writeFileSync(file, 'old')
      chmodSync(dir, 0o500)
      await expect(writeFileAtomically(file, 'new')).rejects.toMatchObject({ code: 'EACCES' })
      expect(readFileSync(file, 'utf8')).toBe('old')
      expect(readdirSync(dir)).toEqual(['kept.txt'])
    }
  )
})
