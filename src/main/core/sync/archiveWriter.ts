import type {
  Archive,
  CrawlCompletion,
  PageToWrite,
  PageWriteResult,
  TranscriptCounts,
  TranscriptTarget,
  TranscriptTargetQuery,
  TranscriptToWrite
} from '../archive/archive'

/**
 * Where a sync's writes go: the archive itself on the calling thread, or a connection of its
 * own on a worker thread (writerThread.ts). On a thread, pages handed over while an earlier
 * write runs are committed together in the next transaction, so a sync that fetches faster than
 * it writes commits many pages at once, and one waiting on the network commits each as it comes.
 * On the calling thread each write finishes before the next page can be handed over.
 */
export interface ArchiveWriter {
  /** Resolves once the page and its checkpoint are committed. */
  writePage(page: PageToWrite): Promise<PageWriteResult>
  /** Ends a crawl (see finishCrawl); resolves with how many rows it marked removed. */
  finishCrawl(completion: CrawlCompletion): Promise<number>
  /** Time spent committing pages so far, in milliseconds. */
  writeMs(): number
  /**
   * The transcript backfill's work: its writes, and its scans of the whole archive, which run
   * here rather than on the window's reader so a search never waits behind them.
   */
  writeTranscript(transcript: TranscriptToWrite): Promise<void>
  markTranscriptNotFound(
    target: Omit<TranscriptToWrite, 'messages' | 'fetchedAt'>,
    at: string
  ): Promise<void>
  transcriptTargets(query: TranscriptTargetQuery): Promise<TranscriptTarget[]>
  transcriptCounts(options?: { createdFrom?: string | null }): Promise<TranscriptCounts>
  /**
   * False once a writer thread has stopped (it crashed, or ran out of memory): its writes then
   * fail, and whoever keeps it starts another.
   */
  alive(): boolean
  /** Waits for what was handed over, then lets go of the connection if it has its own. */
  close(): Promise<void>
}

/**
 * Rows checked per step when a complete crawl marks removed rows. Over a million rows a step of
 * 10,000 took 7 ms, but up to 130 while a checkpoint was writing, where the whole scan in one
 * statement froze the thread for 650 ms and more.
 */
const REMOVED_BATCH_ROWS = 5_000

/**
 * After a complete crawl, marks the rows it did not see as removed, one rowid range at a time
 * with a turn of the event loop between, so searches are answered while a big archive is checked.
 */
export async function markRemovedInBatches(
  archive: Archive,
  completion: CrawlCompletion
): Promise<{ removed: number; markedUpTo: number }> {
  let removed = 0
  let markedUpTo = 0
  for (let after: number | null = 0; after !== null;) {
    const batch = archive.markRemovedBatch(completion, after, REMOVED_BATCH_ROWS)
    removed += batch.marked
    markedUpTo = after + REMOVED_BATCH_ROWS
    after = batch.nextAfterRowid
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { removed, markedUpTo }
}

/**
 * Ends a crawl: after a complete one, marks what it did not see as removed; then clears its
 * checkpoint and records the sync. Returns how many rows were marked.
 */
export async function finishCrawl(archive: Archive, completion: CrawlCompletion): Promise<number> {
  const marked = completion.complete ? await markRemovedInBatches(archive, completion) : null
  return (
    (marked?.removed ?? 0) +
    archive.completeCrawl({ ...completion, markedUpTo: marked?.markedUpTo ?? 0 })
  )
}

/**
 * Commits pages in batches through `commit`, one batch at a time: everything handed over while
 * a batch is being committed goes into the next one, in order.
 */
export function createPageBatcher(
  commit: (pages: PageToWrite[]) => Promise<PageWriteResult[]>
): Pick<ArchiveWriter, 'writePage' | 'writeMs'> & { idle: () => Promise<void> } {
  interface Queued {
    page: PageToWrite
    resolve: (result: PageWriteResult) => void
    reject: (error: unknown) => void
  }
  let queue: Queued[] = []
  let running: Promise<void> | null = null
  let writeMs = 0

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue
      queue = []
      const started = performance.now()
      try {
        const results = await commit(batch.map((queued) => queued.page))
        writeMs += performance.now() - started
        batch.forEach((queued, i) => queued.resolve(results[i]))
      } catch (error) {
        // Nothing of the batch was written; what was queued after it must not be written
        // either, or the checkpoint would skip the failed pages.
        for (const queued of [...batch, ...queue]) queued.reject(error)
        queue = []
      }
    }
    running = null
  }

  return {
    writePage: (page) =>
      new Promise<PageWriteResult>((resolve, reject) => {
        queue.push({ page, resolve, reject })
        running ??= drain()
      }),
    writeMs: () => writeMs,
    idle: () => running ?? Promise.resolve()
  }
}

/** Writes on the calling thread, through the archive's own connection. */
export function createInlineWriter(archive: Archive): ArchiveWriter {
  const batcher = createPageBatcher(async (pages) => archive.writePages(pages))
  return {
    writePage: batcher.writePage,
    writeMs: batcher.writeMs,
    finishCrawl: async (completion) => {
      await batcher.idle()
      return finishCrawl(archive, completion)
    },
    writeTranscript: async (transcript) => archive.writeTranscript(transcript),
    markTranscriptNotFound: async (target, at) => archive.markTranscriptNotFound(target, at),
    transcriptTargets: async (query) => archive.transcriptTargets(query),
    transcriptCounts: async (options) => archive.transcriptCounts(options),
    alive: () => true,
    close: () => batcher.idle()
  }
}
