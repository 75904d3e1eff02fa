import { existsSync } from 'node:fs'
import type { Archive } from '../archive/archive'
import { openArchive } from '../archive/openArchive'
import { CoreError } from '../errors'

/** Opens an archive read-only; a missing file is a sentence, not a new empty archive. */
export function openArchiveToRead(file: string): Archive {
  if (!existsSync(file)) {
    throw new CoreError(`No archive at ${file} yet: run "sync" first, or pass --db FILE.`)
  }
  return openArchive(file, { readonly: true })
}

/** Reads the archive for a quick answer, and closes it. */
export function withArchive<T>(file: string, use: (archive: Archive) => T): T {
  const archive = openArchiveToRead(file)
  try {
    return use(archive)
  } finally {
    archive.close()
  }
}

/**
 * Opens the archive read-only for work that takes a while (rows streamed out), and closes it
 * once `use` has settled.
 */
export async function readArchive<T>(
  file: string,
  use: (archive: Archive) => Promise<T>
): Promise<T> {
  const archive = openArchiveToRead(file)
  try {
    return await use(archive)
  } finally {
    archive.close()
  }
}
