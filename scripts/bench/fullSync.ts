import { setTimeout as wait } from 'node:timers/promises'
import { createApiClient, openArchive, syncArchive } from '../../src/main/core'
import { COUNT_CAP } from '../../src/main/core/ipc/createIpcHandlers'
import type { ArchiveReader } from '../../src/main/core/reader/archiveReader'
import { startReaderThread } from '../../src/main/core/reader/readerThread'
import type { WorkerBundles } from './bundleWorkers'
import { BENCH_API_KEY, startMockApiProcess } from './mockApiProcess'

export interface FullSyncFigures {
  rows: number
  pages: number
  durationMs: number
  /** Rows per second of the writer's time committing pages: the write path, network excluded. */
  ingestRowsPerSecond: number
  writeMs: number
  peakRssMb: number
}

/** Reports a sync's progress to a person every tenth of the way. */
export function everyTenth(
  rows: number,
  report: (message: string) => void
): (synced: number) => void {
  let reported = 0
  return (synced) => {
    if (synced - reported < rows / 10) return
    reported = synced
    report(`  ${Math.round((synced / rows) * 100)}%`)
  }
}

/** The account the full-size sync mirrors; the ingest phase continues its crawl. */
export const FULL_SYNC_SEED = 1

const RSS_SAMPLE_MS = 50
const MB = 1024 * 1024
/** The window's first page and its refresh while a sync runs: see useLiveResults.ts. */
const WINDOW_PAGE_SIZE = 150
const LIVE_REFRESH_MS = 1500

/** The open window during a sync: it re-reads its first page and count as rows arrive. */
async function refreshLikeTheWindow(reader: ArchiveReader, running: () => boolean): Promise<void> {
  while (running()) {
    await reader.search({ limit: WINDOW_PAGE_SIZE })
    await reader.count({}, COUNT_CAP)
    await wait(LIVE_REFRESH_MS)
  }
}

/**
 * A full-size first sync from the mock API (in its own process, no latency), through
 * syncArchive exactly as the app runs it: HTTP, validation, and pages written with their
 * checkpoint on the writer thread, while the reader thread answers the window's refreshes. Peak
 * RSS is the larger of sampled RSS and the kernel's high-water mark, taken before any other
 * phase, so it is the sync's.
 */
export async function runFullSync(
  file: string,
  rows: number,
  workers: WorkerBundles,
  onPage: (rows: number) => void
): Promise<FullSyncFigures> {
  const mock = await startMockApiProcess({ rows, seed: FULL_SYNC_SEED, latencyMs: 0 })
  const archive = openArchive(file)
  const reader = await startReaderThread(file, workers.readerEntry)
  let syncing = true
  // Settled here, read after the sync: a failed query fails the run, once the sync has stopped.
  const windowRefreshes = refreshLikeTheWindow(reader, () => syncing).then(
    () => null,
    (error: unknown) => error
  )
  let peakRss = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, RSS_SAMPLE_MS)
  try {
    const client = createApiClient({ apiKey: BENCH_API_KEY, baseUrl: mock.url })
    const summary = await syncArchive({
      archive,
      client,
      writerEntry: workers.writerEntry,
      onProgress: (progress) => onPage(progress.rows)
    })
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024)
    syncing = false
    const windowError = await windowRefreshes
    if (windowError) throw windowError
    return {
      rows: summary.rows,
      pages: summary.pages,
      durationMs: summary.durationMs,
      ingestRowsPerSecond: summary.rows / (summary.writeMs / 1000),
      writeMs: summary.writeMs,
      peakRssMb: peakRss / MB
    }
  } finally {
    clearInterval(sampler)
    syncing = false
    await windowRefreshes
    await reader.close()
    archive.close()
    await mock.stop()
  }
}
