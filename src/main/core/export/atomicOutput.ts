import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { FileFolder, TextSink } from './exportTypes'

/** A file or folder written under a temporary name beside its target, renamed there when done. */
export interface AtomicOutput<T> {
  target: T
  /** Flushes and moves it into place: the target is then complete. */
  commit(): Promise<void>
  /** Removes what was written: the target is as it was before. */
  discard(): Promise<void>
}

function temporaryBeside(path: string): string {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`
  return join(dirname(path), `.${basename(path)}.${suffix}.tmp`)
}

/**
 * A file at `path` that is complete or absent, never half written (as writeFileAtomically, but
 * streamed): each write goes to a temporary file, and commit flushes it to disk and renames it.
 */
export async function openAtomicFile(path: string): Promise<AtomicOutput<TextSink>> {
  const temporary = temporaryBeside(path)
  const file = await open(temporary, 'wx')
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await file.close()
  }
  return {
    target: {
      async write(text) {
        await file.write(text, null, 'utf8')
      }
    },
    async commit() {
      await file.sync()
      await close()
      await rename(temporary, path)
    },
    async discard() {
      await close().catch(() => undefined)
      await rm(temporary, { force: true })
    }
  }
}

/**
 * A folder at `path` that appears whole or not at all: its files are written into a temporary
 * folder, which commit renames into place, replacing the folder a previous export left there.
 */
export async function openAtomicFolder(path: string): Promise<AtomicOutput<FileFolder>> {
  const temporary = temporaryBeside(path)
  await mkdir(temporary)
  return {
    target: {
      async write(name, text) {
        await writeFile(join(temporary, basename(name)), text, { encoding: 'utf8', flag: 'wx' })
      }
    },
    async commit() {
      // The person chose to replace the export there; its old transcripts go with it.
      await rm(path, { recursive: true, force: true })
      await rename(temporary, path)
    },
    discard: () => rm(temporary, { recursive: true, force: true })
  }
}
