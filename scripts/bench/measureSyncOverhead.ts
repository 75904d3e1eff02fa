import { createApiClient, openArchive, syncArchive } from '../../src/main/core'
import { BENCH_API_KEY, startMockApiProcess } from './mockApiProcess'

export interface SyncOverheadFigures {
  pages: number
  latencyMs: number
  durationMs: number
  /** Wall time over pages x latency: 1.00 would be a mirror exactly as fast as the network. */
  ratio: number
}

export const OVERHEAD_LATENCY_MS = 50
/** 300 pages at 50 ms is 15 s of pure network time: long enough to be steady, short enough to run. */
const OVERHEAD_ROWS = 30_000

/** A full first sync of a 30,000-conversation account whose API answers each page in 50 ms. */
export async function measureSyncOverhead(file: string): Promise<SyncOverheadFigures> {
  const mock = await startMockApiProcess({
    rows: OVERHEAD_ROWS,
    seed: 3,
    latencyMs: OVERHEAD_LATENCY_MS
  })
  const archive = openArchive(file, { backgroundCheckpoints: true })
  try {
    const client = createApiClient({ apiKey: BENCH_API_KEY, baseUrl: mock.url })
    const summary = await syncArchive({ archive, client })
    return {
      pages: summary.requests,
      latencyMs: OVERHEAD_LATENCY_MS,
      durationMs: summary.durationMs,
      ratio: summary.durationMs / (summary.requests * OVERHEAD_LATENCY_MS)
    }
  } finally {
    archive.close()
    await mock.stop()
  }
}
