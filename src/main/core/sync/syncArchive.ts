import type { ApiClient } from '../api/client'
import type { Archive, CrawlCheckpoint, PageToWrite, PageWriteResult } from '../archive/archive'
import { SyncCancelledError } from '../errors'
import type { ConversationPage } from '../types'
import { createInlineWriter, type ArchiveWriter } from './archiveWriter'
import { createCrawlGuard } from './crawlGuard'
import type { SyncMode, SyncProgress, SyncSummary } from '../../../shared/model/sync'
import { startWriterThread } from './writerThread'

/** The list endpoint's largest page: the fewest requests against its rate limit. */
export const SYNC_PAGE_SIZE = 100

/**
 * Pages fetched but not yet committed, at most. Past it the crawl waits for the writer, so
 * memory stays bounded and so does what a crash can cost (a refetch). Twice as many made
 * transactions about twice as big but the writer no faster, and took 10 to 20 MB more.
 */
export const MAX_PAGES_IN_FLIGHT = 16

/** A quick refresh never stops inside this window, where old conversations get new messages. */
export const DEFAULT_RECENT_WINDOW_MS = 24 * 60 * 60 * 1000

export interface SyncOptions {
  archive: Archive
  client: ApiClient
  /** 'full' walks every page (the default); 'quick' stops at the first page with nothing new. */
  mode?: SyncMode
  signal?: AbortSignal
  onProgress?: (progress: SyncProgress) => void
  recentWindowMs?: number
  now?: () => Date
  /**
   * The writer thread's program (writerWorker.ts, or what a bundler built from it): pages are
   * then written on a thread of their own, and this one stays free to answer searches. Without
   * it, or if that thread cannot start, they are written on this thread. The sync opens that
   * writer for itself and closes it when it ends (the CLI, the benchmarks); not used with
   * `writer`.
   */
  writerEntry?: string
  /**
   * A writer someone else owns, such as the account's long-lived one that the app shares
   * between the list sync and the transcript backfill (or the promise of it while it starts:
   * pages are fetched meanwhile). The sync writes through it and leaves it open; its owner
   * closes it. A failed write fails the sync, never the writer: the next sync resumes through
   * it from the checkpoint, and what others write through it goes on.
   */
  writer?: ArchiveWriter | Promise<ArchiveWriter>
}

/**
 * Mirrors the account's conversation list into the archive.
 *
 * Pages are written with the crawl's checkpoint in the same transaction, so a process killed at
 * any moment loses at most the pages not yet committed and the next full sync resumes from the
 * checkpoint. The next page is requested as soon as a page arrives, while the writer commits
 * what came before, so writing costs no network time. After a complete walk, rows the server no
 * longer returns are marked removed, never deleted.
 */
export async function syncArchive(options: SyncOptions): Promise<SyncSummary> {
  const { archive, client, signal } = options
  const mode = options.mode ?? 'full'
  const now = options.now ?? (() => new Date())
  const recentWindowMs = options.recentWindowMs ?? DEFAULT_RECENT_WINDOW_MS
  const runStartedMs = Date.now()

  const saved = archive.readCheckpoint()
  const resumed = mode === 'full' && saved?.mode === 'full'
  // A quick refresh leaves an unfinished full crawl's checkpoint as it is, to resume later.
  let checkpoint: CrawlCheckpoint =
    resumed && saved
      ? saved
      : { mode, startedAt: now().toISOString(), cursor: null, pages: 0, rows: 0 }
  const keptFullCheckpoint = mode === 'quick' && saved?.mode === 'full' ? saved : null
  const crawlStartedAt = checkpoint.startedAt

  const controller = new AbortController()
  const abortFromCaller = (): void => controller.abort()
  signal?.addEventListener('abort', abortFromCaller, { once: true })
  if (signal?.aborted) controller.abort()

  let requests = 0
  // A full crawl asks for the next page as soon as the answer it waits for names it, while that
  // answer's rows are still being checked (ListOptions.onNextCursor): one request ahead of the
  // page it waits for, never a run of them when writes hold the crawl back.
  let awaitedCursor = checkpoint.cursor
  let early: { cursor: string; page: Promise<ConversationPage> } | null = null
  const fetchPage = (cursor: string | null): Promise<ConversationPage> => {
    if (early && early.cursor === cursor) {
      const { page } = early
      early = null
      return page
    }
    requests += 1
    const onNextCursor = (next: string | null): void => {
      if (next === null || cursor !== awaitedCursor || early?.cursor === next) return
      early = { cursor: next, page: fetchPage(next) }
    }
    const page = client.listConversations(
      { per_page: SYNC_PAGE_SIZE, cursor },
      { signal: controller.signal, onNextCursor: mode === 'full' ? onNextCursor : undefined }
    )
    // Its failure is handled when it is awaited; until then it must not count as unhandled.
    page.catch(() => undefined)
    return page
  }

  const totals = { inserted: 0, updated: 0, unchanged: 0 }
  let complete = false
  const checkPage = createCrawlGuard(checkpoint.cursor)
  const inFlight: Promise<PageWriteResult>[] = []
  let writeFailure: unknown = null

  /**
   * Pages are committed in crawl order or not at all: a page written after one that failed would
   * move the checkpoint past the lost page, and the resumed crawl would never fetch its rows
   * (which a complete crawl would then mark removed). The failure is noted by a handler on the
   * write itself, which runs before any later page can be handed over; the loop's own check
   * after each fetch came a few turns too late, and a shared writer takes new pages after a
   * failed batch.
   */
  const writeAfterEarlierPages = (
    writer: ArchiveWriter,
    page: PageToWrite
  ): Promise<PageWriteResult> => {
    if (writeFailure) return Promise.reject(writeFailure)
    const written = writer.writePage(page)
    written.catch((error: unknown) => {
      writeFailure ??= error
    })
    return written
  }

  let pending = fetchPage(checkpoint.cursor)
  // Pages are fetched while the writer thread starts (a few hundred ms) and wait for it.
  const ownsWriter = options.writer === undefined
  // A shared writer has been timing earlier syncs: this one's time is what it adds.
  let writeMsBefore = 0
  const writerReady = (
    options.writer === undefined
      ? openWriter(archive, options.writerEntry)
      : Promise.resolve(options.writer)
  ).then((writer) => {
    writeMsBefore = writer.writeMs()
    return writer
  })
  // A shared writer that failed to start is reported by the first write that waits for it.
  writerReady.catch(() => undefined)
  try {
    for (;;) {
      const page = await pending
      // A page that arrived is kept even if the person cancelled meanwhile (the next request
      // then reports the cancel); after a failed write nothing more is written.
      if (writeFailure) throw writeFailure
      checkPage(page)

      const next = mode === 'full' && page.nextCursor !== null ? fetchPage(page.nextCursor) : null
      // A write on this thread blocks it: let the next request leave first.
      if (next) await new Promise((resolve) => setImmediate(resolve))
      checkpoint = {
        ...checkpoint,
        cursor: page.nextCursor,
        pages: checkpoint.pages + 1,
        rows: checkpoint.rows + page.conversations.length
      }
      const reached = checkpoint
      const toWrite = {
        rows: page.conversations,
        seenAt: now().toISOString(),
        checkpoint: keptFullCheckpoint ?? checkpoint
      }
      const written = writerReady
        .then((writer) => writeAfterEarlierPages(writer, toWrite))
        .then((result) => {
          totals.inserted += result.inserted
          totals.updated += result.updated
          totals.unchanged += result.unchanged
          options.onProgress?.(progressOf(mode, resumed, reached, totals, runStartedMs))
          return result
        })
      written.catch((error: unknown) => {
        writeFailure ??= error
        controller.abort()
      })
      inFlight.push(written)

      if (page.nextCursor === null) {
        complete = true
        break
      }
      if (mode === 'quick' && isQuietPage(page, await written, now().getTime() - recentWindowMs)) {
        break
      }
      while (inFlight.length >= MAX_PAGES_IN_FLIGHT) await inFlight.shift()
      awaitedCursor = page.nextCursor
      pending = next ?? fetchPage(page.nextCursor)
    }
    await Promise.all(inFlight)
    if (controller.signal.aborted) throw new SyncCancelledError()
    const finishedAt = now().toISOString()
    const writer = await writerReady
    const removed = await writer.finishCrawl({
      mode,
      startedAt: crawlStartedAt,
      finishedAt,
      complete
    })
    return {
      mode,
      resumed,
      complete,
      pages: checkpoint.pages,
      rows: checkpoint.rows,
      ...totals,
      removed,
      requests,
      startedAt: crawlStartedAt,
      finishedAt,
      durationMs: Date.now() - runStartedMs,
      writeMs: Math.round(writer.writeMs() - writeMsBefore)
    }
  } catch (error) {
    // A failed write aborts the crawl; the abort is then what the fetch reports.
    throw writeFailure ?? error
  } finally {
    signal?.removeEventListener('abort', abortFromCaller)
    // Pages already fetched are still committed: the next sync resumes after them.
    await Promise.allSettled(inFlight)
    if (ownsWriter) await (await writerReady).close()
  }
}

/** The writer thread if there is an entry for it and it starts; else this thread. */
async function openWriter(archive: Archive, entry: string | undefined): Promise<ArchiveWriter> {
  if (entry === undefined) return createInlineWriter(archive)
  try {
    return await startWriterThread(archive.file, entry)
  } catch (error) {
    console.warn(`Writing the archive on the main thread: ${(error as Error).message}`)
    return createInlineWriter(archive)
  }
}

/** Nothing new or changed, and older than the window in which old rows still change often. */
function isQuietPage(
  page: ConversationPage,
  written: { inserted: number; updated: number },
  recentSinceMs: number
): boolean {
  if (written.inserted > 0 || written.updated > 0) return false
  const oldest = page.conversations.at(-1)?.conversation.created_at
  return oldest === undefined || Date.parse(oldest) < recentSinceMs
}

function progressOf(
  mode: SyncMode,
  resumed: boolean,
  checkpoint: CrawlCheckpoint,
  totals: { inserted: number; updated: number; unchanged: number },
  runStartedMs: number
): SyncProgress {
  const elapsedMs = Date.now() - runStartedMs
  const rowsThisRun = totals.inserted + totals.updated + totals.unchanged
  return {
    mode,
    resumed,
    pages: checkpoint.pages,
    rows: checkpoint.rows,
    ...totals,
    rowsPerSecond: elapsedMs > 0 ? Math.round((rowsThisRun * 1000) / elapsedMs) : 0,
    elapsedMs
  }
}
