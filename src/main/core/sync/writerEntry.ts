import { join } from 'node:path'

/**
 * The writer thread's program as source, for what runs from source through tsx: the CLI, the
 * tests and the benchmarks. The app passes the bundle electron-vite builds from the same file.
 */
export const SOURCE_WRITER_ENTRY = join(__dirname, 'writerWorker.ts')
