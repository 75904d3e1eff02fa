import { workerData } from 'node:worker_threads'
import { openArchive } from '../archive/openArchive'
import { serveThread } from '../threads/serveThread'
import { runRead } from './archiveReader'
import type { ReaderRequest, ReaderWorkerData } from './readerMessages'

/**
 * The reader thread's program: a read-only connection of its own, which answers the window's
 * queries so that a broad search or the stats never hold up the main process's event loop.
 */
const { file } = workerData as ReaderWorkerData
const archive = openArchive(file, { readonly: true })

serveThread<ReaderRequest>(
  (request) => runRead(archive, request.method, request.args),
  () => archive.close()
)
