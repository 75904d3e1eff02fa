import { createApiClient, openArchive, syncArchive, type Archive } from '../../src/main/core'
import { BENCH_API_KEY, startMockApiProcess } from './mockApiProcess'

export interface FullSyncFigures {
  rows: number
  pages: number
  durationMs: number
  /** Rows per second of time spent inside writePage: the write path alone, network excluded. */
  ingestRowsPerSecond: number
  /** Ending the crawl: one pass over the archive for rows the server no longer has. */
  completeCrawlMs: number
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

const RSS_SAMPLE_MS = 50
const MB = 1024 * 1024

/** Wraps one of the archive's methods to add up the time spent in it. */
function timed<K extends 'writePage' | 'completeCrawl'>(
  archive: Archive,
  method: K
): { archive: Archive; totalMs: () => number } {
  let totalNs = 0n
  const original = archive[method] as (...args: unknown[]) => unknown
  const wrapped: Archive = Object.create(archive) as Archive
  Object.defineProperty(wrapped, method, {
    value: (...args: unknown[]) => {
      const start = process.hrtime.bigint()
      try {
        return original(...args)
      } finally {
        totalNs += process.hrtime.bigint() - start
      }
    }
  })
  return { archive: wrapped, totalMs: () => Number(totalNs) / 1e6 }
}

/**
 * A full-size first sync from the mock API (in its own process, no latency), through
 * syncArchive exactly as the app runs it: HTTP, validation, and each page written with its
 * checkpoint. Peak RSS is the larger of sampled RSS and the kernel's high-water mark, taken
 * before any other phase, so it is the sync's.
 */
export async function runFullSync(
  file: string,
  rows: number,
  onPage: (rows: number) => void
): Promise<FullSyncFigures> {
  const mock = await startMockApiProcess({ rows, seed: 1, latencyMs: 0 })
  const archive = openArchive(file, { backgroundCheckpoints: true })
  let peakRss = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, RSS_SAMPLE_MS)
  try {
    const writes = timed(archive, 'writePage')
    const completion = timed(writes.archive, 'completeCrawl')
    const client = createApiClient({ apiKey: BENCH_API_KEY, baseUrl: mock.url })
    const summary = await syncArchive({
      archive: completion.archive,
      client,
      onProgress: (progress) => onPage(progress.rows)
    })
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024)
    return {
      rows: summary.rows,
      pages: summary.pages,
      durationMs: summary.durationMs,
      ingestRowsPerSecond: summary.rows / (writes.totalMs() / 1000),
      completeCrawlMs: completion.totalMs(),
      peakRssMb: peakRss / MB
    }
  } finally {
    clearInterval(sampler)
    archive.close()
    await mock.stop()
  }
}
