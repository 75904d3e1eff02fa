import { join } from 'node:path'

/**
 * The export thread's program as source, for what runs from source through tsx: the tests, the
 * harness and the benchmarks. The app passes the bundle electron-vite builds from the same file.
 */
export const SOURCE_EXPORT_ENTRY = join(__dirname, 'exportWorker.ts')
