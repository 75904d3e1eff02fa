import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as wait } from 'node:timers/promises'
import { createApiClient, syncArchive, type Archive } from '../../src/main/core'
import { parseConversationPage } from '../../src/main/core/api/normalizeConversation'
import { COUNT_CAP } from '../../src/main/core/ipc/createIpcHandlers'
import {
  DEFAULT_NOW,
  generateConversation
} from '../../src/main/core/mockApi/generateConversations'
import { startReaderThread } from '../../src/main/core/reader/readerThread'
import { startWriterThread } from '../../src/main/core/sync/writerThread'
import type { WorkerBundles } from './bundleWorkers'
import { BENCH_API_KEY, startMockApiProcess } from './mockApiProcess'
import type { PhoneQuery } from './phoneQueries'

export interface EventLoopFigures {
  maxDelayMs: number
  searches: number
  syncedRows: number
}

/** New conversations for the full archive: a sync that really writes while searches run. */
export const EVENT_LOOP_SYNC_ROWS = 20_000
const DAY_MS = 86_400_000
/**
 * The account's oldest rows, archived before the sync: three pages, so that the quick sync
 * meets a page of nothing new that is not the list's last, and stops there as an everyday sync
 * does. Had it walked to the end of the list it would be a complete crawl, which marks every
 * row it did not see removed: the million of the full-size sync (as it did before 2026-12-03).
 */
const ARCHIVED_TAIL_ROWS = 300
const SEED = 5

/** Rows [from, from + count) of the account, as the sync's client would hand them on. */
function archivedTail(total: number, from: number, count: number, now: Date) {
  const data = Array.from({ length: count }, (_, i) =>
    generateConversation(from + i, { seed: SEED, total, now })
  )
  const parsed = parseConversationPage(
    JSON.parse(JSON.stringify({ data, next_cursor: null, prev_cursor: null, per_page: count }))
  )
  if (!parsed.ok) throw new Error(`A generated page does not validate: ${parsed.problem}`)
  return parsed.page.conversations
}

/** Someone typing: a search (a page and its count, as the app asks) every 50 ms. */
const SEARCH_EVERY_MS = 50

/**
 * The app's main process in miniature: searches asked for as a person types, answered by the
 * reader thread, and on the event loop that forwards them a sync fetching and validating pages,
 * which its writer thread commits. Each thread has its own connection. The largest delay that
 * loop saw is the longest the window could have waited for it to pass on a question or an answer.
 */
export async function measureEventLoop(
  archive: Archive,
  queries: readonly PhoneQuery[],
  workers: WorkerBundles,
  syncRows = EVENT_LOOP_SYNC_ROWS
): Promise<EventLoopFigures> {
  // Conversations newer than all the archive holds, as a sync brings: generated data spans two
  // years back from its newest row. The account's oldest rows are archived already.
  const now = new Date(DEFAULT_NOW.getTime() + 2 * 366 * DAY_MS)
  const total = syncRows + ARCHIVED_TAIL_ROWS
  const seenAt = new Date().toISOString()
  archive.writePage(archivedTail(total, syncRows, ARCHIVED_TAIL_ROWS, now), seenAt, {
    mode: 'quick',
    startedAt: seenAt,
    cursor: null,
    pages: 0,
    rows: 0
  })
  const mock = await startMockApiProcess({ rows: total, seed: SEED, latencyMs: 0, now })
  const reader = await startReaderThread(archive.file, workers.readerEntry)
  const delay = monitorEventLoopDelay({ resolution: 5 })
  let searching = true
  let searches = 0
  const typist = (async () => {
    while (searching) {
      const query = { phone: queries[searches % queries.length].typed }
      await Promise.all([reader.search({ ...query, limit: 150 }), reader.count(query, COUNT_CAP)])
      searches++
      await wait(SEARCH_EVERY_MS)
    }
  })()
  delay.enable()
  try {
    const client = createApiClient({ apiKey: BENCH_API_KEY, baseUrl: mock.url })
    // Quick mode, stopping at the archived tail: a complete crawl of this smaller account would
    // mark the archive's million other rows removed, which is not what an everyday sync does;
    // its end is run on its own below.
    const summary = await syncArchive({
      archive,
      client,
      mode: 'quick',
      recentWindowMs: 0,
      writerEntry: workers.writerEntry
    })
    // What a full crawl adds at its end, on the writer thread as there: every row checked for
    // removal. A crawl that started at the epoch has seen every row since, so this reads all of
    // them and marks none.
    const writer = await startWriterThread(archive.file, workers.writerEntry)
    await writer.finishCrawl({
      mode: 'full',
      startedAt: new Date(0).toISOString(),
      finishedAt: new Date().toISOString(),
      complete: true
    })
    await writer.close()
    return { maxDelayMs: delay.max / 1e6, searches, syncedRows: summary.inserted }
  } finally {
    delay.disable()
    searching = false
    await typist
    await reader.close()
    await mock.stop()
  }
}
