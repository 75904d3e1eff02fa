import { CoreError, UsageError } from '../errors'
import { startThread } from '../threads/startThread'
import type { ThreadFailure } from '../threads/threadMessages'
import { readsThrough, type ArchiveReader } from './archiveReader'
import type { ReaderRequest, ReaderWorkerData } from './readerMessages'

/** Pages of 150 rows and stats are small: a young generation of 48 MB would only hold garbage. */
const READER_LIMITS = { maxYoungGenerationSizeMb: 4 }

function toReadError(failure: ThreadFailure): Error {
  return failure.usage
    ? new UsageError(failure.message)
    : new CoreError(`Reading the archive failed: ${failure.message}`)
}

/**
 * Starts a reader thread on an archive file that is already up to date (it opens it read-only:
 * see readerWorker.ts). Resolves once the thread has opened it, or rejects with why it could not.
 */
export async function startReaderThread(file: string, entry: string): Promise<ArchiveReader> {
  const workerData: ReaderWorkerData = { file }
  const thread = await startThread<ReaderRequest>({
    entry,
    workerData,
    resourceLimits: READER_LIMITS,
    toError: toReadError
  })
  return {
    ...readsThrough((method, args) => thread.request({ type: 'read', method, args })),
    alive: () => !thread.ended(),
    close: () => thread.close()
  }
}
