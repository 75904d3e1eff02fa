import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * The archive holds years of customer history: its files are for their owner alone, on every
 * path that makes them (the app, the CLI, the harness), whatever the process's umask. The modes
 * are set explicitly after creation, as the umask is applied to the mode asked for. (Windows
 * keeps its own access lists; there chmod only sets the read-only flag.)
 */
export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700

/** Makes the folder and any missing parents 0700; folders that were there are left as they are. */
export function makePrivateDir(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (first === undefined) return
  for (let created = dir; ; created = dirname(created)) {
    chmodSync(created, PRIVATE_DIR_MODE)
    if (created === first || dirname(created) === created) return
  }
}

/**
 * Makes the file 0600, creating it empty if it is missing. SQLite gives a database's -wal and
 * -shm the mode of the database, so they follow; any already there are set too.
 */
export function makePrivateFile(file: string, sideFiles: readonly string[] = []): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE))
  for (const path of [file, ...sideFiles]) {
    try {
      chmodSync(path, PRIVATE_FILE_MODE)
    } catch (error) {
      // A side file that is not there, or a file of another owner that can still be opened.
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'EPERM') throw error
    }
  }
}
