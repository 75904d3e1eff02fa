import { existsSync } from 'node:fs'
import type { Archive } from '../archive/archive'
import { openArchive } from '../archive/openArchive'
import { CoreError } from '../errors'
import { resolveArchivePath, type CliEnvironment, type CommonFlags } from './cliContext'

/**
 * Opens the archive read-only for work that takes a while (rows streamed out), and closes it
 * once `use` has settled. A missing archive is a sentence, not a new empty file.
 */
export async function readArchive<T>(
  flags: CommonFlags,
  context: CliEnvironment,
  use: (archive: Archive) => Promise<T>
): Promise<T> {
  const file = resolveArchivePath(flags, context.env)
  if (!existsSync(file)) {
    throw new CoreError(`No archive at ${file} yet: run "sync" first, or pass --db FILE.`)
  }
  const archive = openArchive(file, { readonly: true })
  try {
    return await use(archive)
  } finally {
    archive.close()
  }
}
