import type {
  CrawlCompletion,
  PageWriteResult,
  TranscriptCounts,
  TranscriptTarget
} from '../archive/archive'
import { CoreError } from '../errors'
import { createPageBatcher, type ArchiveWriter } from './archiveWriter'
import { startThread } from '../threads/startThread'
import type { WriterRequest, WriterWorkerData } from './writerMessages'

/**
 * V8 gives a thread a young generation of up to 48 MB, which a writer handed a few thousand
 * rows at a time filled before collecting: 25 MB less memory for the same speed. With no cap on
 * its old generation V8 sizes that for this machine's memory and lets garbage pile up to 55 MB
 * between collections; any cap makes it collect sooner, and the thread stayed near 30 MB (peak
 * RSS of a 300,000-row sync 263 MB instead of 309) at the same speed. The thread holds at most
 * 16 pages of 100 rows at a time, about 15 MB live, so 128 MB leaves room for far bigger rows.
 */
const WRITER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 }

/** A failure the writer thread reported: the write it was doing was rolled back. */
export class ArchiveWriteError extends CoreError {
  constructor(
    message: string,
    /** SQLite's code (SQLITE_FULL, SQLITE_BUSY, …) when SQLite raised it. */
    readonly code?: string
  ) {
    super(`Writing to the archive failed: ${message}`)
  }
}

/**
 * Starts a writer thread for the archive file: its program is writerWorker.ts, built or run
 * from source (see startThread). Resolves once the thread has opened the archive, or rejects
 * with why it could not.
 */
export async function startWriterThread(file: string, entry: string): Promise<ArchiveWriter> {
  const workerData: WriterWorkerData = { file }
  const thread = await startThread<WriterRequest>({
    entry,
    workerData,
    resourceLimits: WRITER_LIMITS,
    toError: (failure) => new ArchiveWriteError(failure.message, failure.code)
  })
  const batcher = createPageBatcher(
    async (pages) => (await thread.request({ type: 'pages', pages })) as PageWriteResult[]
  )
  return {
    writePage: batcher.writePage,
    writeMs: batcher.writeMs,
    async finishCrawl(completion: CrawlCompletion) {
      await batcher.idle()
      return (await thread.request({ type: 'finishCrawl', completion })) as number
    },
    // Transcripts are fetched one at a time at the API's pace: each write is its own request,
    // answered in order with the pages, and not held back behind the pages still batching.
    async writeTranscript(transcript) {
      await thread.request({ type: 'writeTranscript', transcript })
    },
    async markTranscriptNotFound(target, at) {
      await thread.request({ type: 'markTranscriptNotFound', target, at })
    },
    async transcriptTargets(query) {
      return (await thread.request({ type: 'transcriptTargets', query })) as TranscriptTarget[]
    },
    async transcriptCounts(options) {
      return (await thread.request({ type: 'transcriptCounts', options })) as TranscriptCounts
    },
    alive: () => !thread.ended(),
    async close() {
      await batcher.idle().catch(() => undefined)
      await thread.close()
    }
  }
}
