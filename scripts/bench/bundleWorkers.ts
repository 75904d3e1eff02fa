import { build } from 'esbuild'
import { join } from 'node:path'
import { SOURCE_READER_ENTRY } from '../../src/main/core/reader/readerEntry'
import { SOURCE_WRITER_ENTRY } from '../../src/main/core/sync/writerEntry'

/** Inside node_modules, so the bundles' require of the native driver finds it as the app's does. */
const OUT_DIR = join(__dirname, '../../node_modules/.cache/conversation-browser')

export interface WorkerBundles {
  /** The sync's writer thread: pass as a sync's writerEntry. */
  writerEntry: string
  /** The reader thread that answers the window's queries: see startReaderThread. */
  readerEntry: string
}

async function bundle(entry: string, name: string): Promise<string> {
  const outfile = join(OUT_DIR, `${name}.js`)
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // A native module: loaded from node_modules, as the packaged app loads it.
    external: ['better-sqlite3'],
    logLevel: 'silent'
  })
  return outfile
}

/**
 * Bundles the worker threads' programs, as electron-vite does for the app, so the benchmarks
 * measure the threads the app runs rather than ones compiling TypeScript as they load.
 */
export async function bundleWorkers(): Promise<WorkerBundles> {
  const [writerEntry, readerEntry] = await Promise.all([
    bundle(SOURCE_WRITER_ENTRY, 'writerWorker'),
    bundle(SOURCE_READER_ENTRY, 'readerWorker')
  ])
  return { writerEntry, readerEntry }
}
