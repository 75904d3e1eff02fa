import { createApiClient, openArchive, syncArchive } from '../../src/main/core'
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

const RSS_SAMPLE_MS = 50
const MB = 1024 * 1024

/**
 * A full-size first sync from the mock API (in its own process, no latency), through
 * syncArchive exactly as the app runs it: HTTP, validation, and each page written with its
 * checkpoint. Peak RSS is the larger of sampled RSS and the kernel's high-water mark, taken
 * before any other phase, so it is the sync's.
 */
export async function runFullSync(
  file: string,
  rows: number,
  writerEntry: string,
  onPage: (rows: number) => void
): Promise<FullSyncFigures> {
  const mock = await startMockApiProcess({ rows, seed: 1, latencyMs: 0 })
  const archive = openArchive(file)
  let peakRss = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, RSS_SAMPLE_MS)
  try {
    const client = createApiClient({ apiKey: BENCH_API_KEY, baseUrl: mock.url })
    const summary = await syncArchive({
      archive,
      client,
      writerEntry,
      onProgress: (progress) => onPage(progress.rows)
    })
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024)
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
    archive.close()
    await mock.stop()
  }
}
