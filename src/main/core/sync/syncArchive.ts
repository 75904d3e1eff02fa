import type { ApiClient } from '../api/client'
import type { Archive, CrawlCheckpoint, CrawlCompletion } from '../archive/archive'
import { SyncCancelledError } from '../errors'
import type { ConversationPage } from '../types'
import { createCrawlGuard } from './crawlGuard'
import type { SyncMode, SyncProgress, SyncSummary } from './syncProgress'

/** The list endpoint's largest page: the fewest requests against its rate limit. */
export const SYNC_PAGE_SIZE = 100

/**
 * Rows checked per step when a complete crawl marks removed rows. Over a million rows a step of
 * 10,000 took 7 ms, but up to 130 while a checkpoint was writing, where the whole scan in one
 * statement froze the thread for 650 ms and more.
 */
const REMOVED_BATCH_ROWS = 5_000

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
}

/**
 * Mirrors the account's conversation list into the archive.
 *
 * Each page is written in one transaction with the crawl's checkpoint, so a process killed at any
 * moment loses at most the page in flight and the next full sync resumes from the checkpoint. The
 * next page is requested before the current one is written, so writing costs no network time.
 * After a complete walk, rows the server no longer returns are marked removed, never deleted.
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
      : {
          mode,
          startedAt: now().toISOString(),
          cursor: null,
          pages: 0,
          rows: 0,
          inserted: 0,
          updated: 0
        }
  const keptFullCheckpoint = mode === 'quick' && saved?.mode === 'full' ? saved : null
  const crawlStartedAt = checkpoint.startedAt

  const controller = new AbortController()
  const abortFromCaller = (): void => controller.abort()
  signal?.addEventListener('abort', abortFromCaller, { once: true })
  if (signal?.aborted) controller.abort()

  let requests = 0
  const fetchPage = (cursor: string | null): Promise<ConversationPage> => {
    requests += 1
    return client.listConversations(
      { per_page: SYNC_PAGE_SIZE, cursor },
      { signal: controller.signal }
    )
  }

  const totals = { inserted: 0, updated: 0, unchanged: 0 }
  let complete = false
  const checkPage = createCrawlGuard(checkpoint.cursor)

  try {
    let cursor = checkpoint.cursor
    let pending = fetchPage(cursor)
    for (;;) {
      const page = await pending
      if (controller.signal.aborted) throw new SyncCancelledError()
      checkPage(page)

      const next = mode === 'full' && page.nextCursor !== null ? fetchPage(page.nextCursor) : null
      // Its failure is handled when it is awaited; until then it must not count as unhandled.
      next?.catch(() => undefined)
      // The write below is synchronous: let the next request leave before it blocks the thread.
      if (next) await new Promise((resolve) => setImmediate(resolve))
      const seenAt = now().toISOString()
      checkpoint = {
        ...checkpoint,
        cursor: page.nextCursor,
        pages: checkpoint.pages + 1,
        rows: checkpoint.rows + page.conversations.length
      }
      let written
      try {
        written = archive.writePage(page.conversations, seenAt, keptFullCheckpoint ?? checkpoint)
      } catch (error) {
        controller.abort()
        throw error
      }
      checkpoint.inserted += written.inserted
      checkpoint.updated += written.updated
      totals.inserted += written.inserted
      totals.updated += written.updated
      totals.unchanged += written.unchanged
      options.onProgress?.(progressOf(mode, resumed, checkpoint, totals, runStartedMs))

      if (page.nextCursor === null) {
        complete = true
        break
      }
      if (mode === 'quick' && isQuietPage(page, written, now().getTime() - recentWindowMs)) break
      cursor = page.nextCursor
      pending = next ?? fetchPage(cursor)
    }
  } finally {
    signal?.removeEventListener('abort', abortFromCaller)
  }

  const completion = { mode, startedAt: crawlStartedAt, finishedAt: now().toISOString(), complete }
  const finishedAt = completion.finishedAt
  const marked = complete ? await markRemovedInBatches(archive, completion) : null
  const removed =
    (marked?.removed ?? 0) +
    archive.completeCrawl({ ...completion, markedUpTo: marked?.markedUpTo ?? 0 })
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
    durationMs: Date.now() - runStartedMs
  }
}

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
