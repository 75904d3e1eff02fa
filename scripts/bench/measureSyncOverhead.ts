import {
  createApiClient,
  openArchive,
  syncArchive,
  SYNC_PAGE_SIZE,
  type ApiClient
} from '../../src/main/core'
import { BENCH_API_KEY, startMockApiProcess } from './mockApiProcess'

export interface SyncOverheadFigures {
  pages: number
  latencyMs: number
  durationMs: number
  /** Wall time over pages x latency: 1.00 would be a mirror exactly as fast as the network. */
  ratio: number
  /** The same ratio for the client alone walking the pages, writing nothing: the floor. */
  fetchOnlyRatio: number
}

export const OVERHEAD_LATENCY_MS = 50
/** 200 pages at 50 ms is 10 s of pure network time: long enough to be steady, short enough to run. */
export const OVERHEAD_ROWS = 20_000

/** Walks every page with the client alone: what the network and the server allow at best. */
async function fetchEveryPage(client: ApiClient): Promise<{ pages: number; durationMs: number }> {
  const started = performance.now()
  let pages = 0
  let cursor: string | null = null
  do {
    const page = await client.listConversations({ per_page: SYNC_PAGE_SIZE, cursor })
    cursor = page.nextCursor
    pages++
  } while (cursor !== null)
  return { pages, durationMs: performance.now() - started }
}

/**
 * A full first sync of a 20,000-conversation account whose API answers each page in 50 ms, and
 * beside it the same pages fetched with nothing written: the difference is the sync's own cost,
 * the rest is the request's (the mock server's work, HTTP, parsing). The pages are walked once
 * before either is timed: a fresh mock server compiles its code during its first hundred
 * requests, a real API does not, and whichever ran first would pay for it (0.04 of the ratio).
 */
export async function measureSyncOverhead(
  file: string,
  writerEntry: string,
  rows = OVERHEAD_ROWS
): Promise<SyncOverheadFigures> {
  const mock = await startMockApiProcess({
    rows,
    seed: 3,
    latencyMs: OVERHEAD_LATENCY_MS
  })
  const archive = openArchive(file)
  try {
    const client = createApiClient({ apiKey: BENCH_API_KEY, baseUrl: mock.url })
    await fetchEveryPage(client)
    const summary = await syncArchive({ archive, client, writerEntry })
    const floor = await fetchEveryPage(client)
    return {
      pages: summary.requests,
      latencyMs: OVERHEAD_LATENCY_MS,
      durationMs: summary.durationMs,
      ratio: summary.durationMs / (summary.requests * OVERHEAD_LATENCY_MS),
      fetchOnlyRatio: floor.durationMs / (floor.pages * OVERHEAD_LATENCY_MS)
    }
  } finally {
    archive.close()
    await mock.stop()
  }
}
