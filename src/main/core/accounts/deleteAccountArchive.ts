import { rmSync } from 'node:fs'
import { accountArchiveFolder } from './accountPlaces'
import type { StoredAccount } from './accountsFile'

/** SQLite's side files, which belong to the archive and go with it. */
const SIDE_FILES = ['-wal', '-shm', '-journal']

/**
 * Deletes a removed account's archive, when the person ticked "Delete its archive" and
 * confirmed. An account of its own has a folder of its own (its archives of every API host it
 * used), which goes whole; the single account's file sits among others and goes alone.
 */
export function deleteAccountArchive(
  account: Pick<StoredAccount, 'id' | 'layout'>,
  archivePath: string,
  userDataDir: string
): void {
  for (const file of [archivePath, ...SIDE_FILES.map((suffix) => archivePath + suffix)]) {
    rmSync(file, { force: true })
  }
  if (account.layout === 'own') {
    rmSync(accountArchiveFolder(userDataDir, account.id), { recursive: true, force: true })
  }
}
