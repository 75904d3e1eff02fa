import { build } from 'esbuild'
import { join } from 'node:path'
import { SOURCE_WRITER_ENTRY } from '../../src/main/core/sync/writerEntry'

/** Inside node_modules, so the bundle's require of the native driver finds it as the app's does. */
const OUT_FILE = join(__dirname, '../../node_modules/.cache/conversation-browser/writerWorker.js')

/**
 * Bundles the writer thread's program, as electron-vite does for the app, so the benchmark
 * measures the thread the app runs rather than one compiling TypeScript as it loads. Returns
 * the bundle's path, to pass as a sync's writerEntry.
 */
export async function bundleWriterWorker(): Promise<string> {
  const outfile = OUT_FILE
  await build({
    entryPoints: [SOURCE_WRITER_ENTRY],
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
