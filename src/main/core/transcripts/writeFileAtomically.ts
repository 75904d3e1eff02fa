import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Writes a temporary file beside the target, flushes it to disk, and renames it over the
 * target: whatever happens (a full disk, a crash, a kill), the file is either complete or as it
 * was before, never half written.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`
  const temporary = join(dirname(path), `.${basename(path)}.${suffix}.tmp`)
  try {
    const file = await open(temporary, 'wx')
    try {
      await file.writeFile(text, 'utf8')
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}
