import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { workerData } from 'node:worker_threads'

/**
 * The app's writer thread (writerWorker.ts) with a disk that can fill: its connection to the
 * archive may grow by at most the number of pages written in `<archive>.disk-space` (SQLite's
 * max_page_count), past which SQLite fails the transaction with SQLITE_FULL, "database or disk
 * is full", as it does when the disk itself is full. Deleting that file frees the space.
 *
 * Why not a real full disk: a small filesystem (a tmpfs of a few hundred kilobytes) needs root
 * to mount, and root does not run the tests everywhere. What differs is only who refuses the
 * write: SQLite's pager here, the kernel's ENOSPC there; SQLite answers both with SQLITE_FULL
 * and rolls the transaction back.
 */
const control = `${(workerData as { file: string }).file}.disk-space`
const UNLIMITED = 1_073_741_823

class SmallDiskDatabase extends Database {
  constructor(file: string, options?: Database.Options) {
    super(file, options)
    if (!existsSync(control)) return
    const pages = this.pragma('page_count', { simple: true }) as number
    this.pragma(`max_page_count = ${pages + Number(readFileSync(control, 'utf8'))}`)
    const freed = setInterval(() => {
      if (existsSync(control)) return
      this.pragma(`max_page_count = ${UNLIMITED}`)
      clearInterval(freed)
    }, 20)
    freed.unref()
  }
}

// writerWorker.ts opens the archive through better-sqlite3: this program hands it the class above.
const sqlite = require.cache[require.resolve('better-sqlite3')]
if (!sqlite) throw new Error('better-sqlite3 was not loaded')
sqlite.exports = SmallDiskDatabase
// Required, not imported: an import would be hoisted above the swap.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../../src/main/core/sync/writerWorker')
