import { setTimeout as wait } from 'node:timers/promises'
import { createApiClient, openArchive, syncArchive, SyncCancelledError } from '../../src/main/core'
import { createPacerRegistry } from '../../src/main/core/api/pacerRegistry'
import { startMockApi } from '../../src/main/core/mockApi/mockApiServer'
import { startWriterThread } from '../../src/main/core/sync/writerThread'
import { backfillTranscripts } from '../../src/main/core/transcripts/backfillTranscripts'
import { BENCH_API_KEY } from './mockApiProcess'
import { seededRandom } from './random'

export interface BackfillScale {
  /** The throttle's window, the same on the mock and in the pacer. */
  windowMs?: number
  /** Requests the mock allows per window. */
  limit?: number
  /** Windows measured. */
  windows?: number
  /** The account's conversations: more transcripts than the windows can fetch. */
  rows?: number
}

/**
 * The API's own throttle: 60 requests in Laravel's window of a minute, which is also the
 * pacer's default. A higher limit does not make the run shorter (a window is a minute either
 * way), and it measures something else: at 600 a minute (a request every 100 ms) against 50 to
 * 150 ms a request, two jobs of one request at a time are not always waiting when the pacer
 * allows the next, and used 89% of the rate (measured 2026-12-03, 535 and 537 of 600).
 */
export const BACKFILL_WINDOW_MS = 60_000
export const BACKFILL_LIMIT = 60
export const BACKFILL_WINDOWS = 3
/** A list crawl of 100 pages, walked again and again, and more transcripts than any run fetches. */
export const BACKFILL_ROWS = 10_000
/** Each request spends 25 to 75 ms on its way to the server and as long back: 50 to 150 ms. */
export const NETWORK_MIN_MS = 25
export const NETWORK_SPREAD_MS = 50

const LIST_PATH = '/api/user/conversations'

/** One request as the mock's throttle saw it. */
export interface ThrottledRequest {
  /** When it reached the mock, which counts it then: the mock itself adds no latency. */
  at: number
  list: boolean
}

export interface RateWindow {
  start: number
  /** Requests the server allowed in the window. */
  allowed: number
  rejected: number
}

export interface RateUse {
  windows: RateWindow[]
  /**
   * Allowed requests over what the limit allows from the first window's start to the last's
   * end, the time between windows included (the pacer waiting for the next one).
   */
  usedShare: number
  maxRejectedPerWindow: number
  rejected: number
}

/**
 * The throttle's windows replayed from when each request reached the server, as Laravel's
 * fixed window (and the mock's) counts them: a window opens with the first request after the
 * last one closed and allows `limit` requests; the rest get 429. Only the windows that ended by
 * `until` count.
 */
export function rateUse(
  requests: readonly ThrottledRequest[],
  limit: number,
  windowMs: number,
  until: number
): RateUse {
  const windows: RateWindow[] = []
  let current: RateWindow | null = null
  for (const request of [...requests].sort((a, b) => a.at - b.at)) {
    if (current === null || request.at >= current.start + windowMs) {
      current = { start: request.at, allowed: 0, rejected: 0 }
      windows.push(current)
    }
    if (current.allowed < limit) current.allowed++
    else current.rejected++
  }
  const complete = windows.filter((w) => w.start + windowMs <= until)
  const allowed = complete.reduce((sum, w) => sum + w.allowed, 0)
  const rejected = complete.reduce((sum, w) => sum + w.rejected, 0)
  const span =
    complete.length === 0 ? 0 : complete[complete.length - 1].start + windowMs - complete[0].start
  return {
    windows: complete,
    usedShare: span === 0 ? Number.NaN : allowed / ((limit * span) / windowMs),
    maxRejectedPerWindow: Math.max(0, ...complete.map((w) => w.rejected)),
    rejected
  }
}

export interface BackfillFigures extends RateUse {
  windowMs: number
  limit: number
  listRequests: number
  transcriptRequests: number
  /** 429s the clients were answered, to check the replay against. */
  answered429: number
  fetched: number
  crawls: number
}

/**
 * The transcript backfill against the mock API (in this process: it serves at most `limit`
 * requests a window, a trifle of work) with a rate limit, each request 50 to 150 ms on the
 * network, while a list sync crawls the same account again and again beside it: both through
 * one pacer from the app's registry, each with its own client as in the app (the backfill at
 * background priority, the list in the foreground), both writing through one long-lived writer
 * thread, as the app shares its own. The archive is first filled by an unthrottled sync from an
 * identical mock, so every transcript is due and every crawl re-reads known rows. After
 * `windows` windows both are stopped, and the throttle's windows, replayed from when each
 * request reached the mock, tell how much of the allowed rate the two used and how many 429s
 * they met.
 */
export async function measureBackfill(
  file: string,
  writerEntry: string,
  scale: BackfillScale = {}
): Promise<BackfillFigures> {
  const windowMs = scale.windowMs ?? BACKFILL_WINDOW_MS
  const limit = scale.limit ?? BACKFILL_LIMIT
  const windows = scale.windows ?? BACKFILL_WINDOWS
  const rows = scale.rows ?? BACKFILL_ROWS
  const account = { apiKey: BENCH_API_KEY, rows, seed: 9 }

  const archive = openArchive(file)
  try {
    const seeding = await startMockApi(account)
    try {
      const client = createApiClient({ apiKey: BENCH_API_KEY, baseUrl: seeding.url, pace: false })
      await syncArchive({ archive, client, writerEntry })
    } finally {
      await seeding.close()
    }

    // No latency of its own: the mock then counts a request in the same tick it logs it.
    const mock = await startMockApi({ ...account, rateLimit: { limit, windowMs } })
    const arrivals: number[] = []
    const log = mock.requests
    const logRequest = log.push.bind(log)
    log.push = (...requests) => {
      for (let i = 0; i < requests.length; i++) arrivals.push(Date.now())
      return logRequest(...requests)
    }
    const controller = new AbortController()
    const writer = await startWriterThread(file, writerEntry)
    try {
      const random = seededRandom(31)
      let answered429 = 0
      const network: typeof fetch = async (input, init) => {
        const signal = init?.signal ?? undefined
        await wait(NETWORK_MIN_MS + random() * NETWORK_SPREAD_MS, undefined, { signal })
        const response = await fetch(input, init)
        if (response.status === 429) answered429++
        await wait(NETWORK_MIN_MS + random() * NETWORK_SPREAD_MS, undefined, { signal })
        return response
      }
      const pacers = createPacerRegistry({ windowMs })
      const pacer = pacers.pacerFor(mock.url, BENCH_API_KEY)
      // Each job's client asks the registry, as the app's do: the same key, the same pacer.
      const clientOf = () =>
        createApiClient({
          apiKey: BENCH_API_KEY,
          baseUrl: mock.url,
          pacer: pacers.pacerFor(mock.url, BENCH_API_KEY),
          fetch: network
        })
      const listClient = clientOf()
      const backfillClient = clientOf()
      const { signal } = controller
      const stopped = (error: unknown): void => {
        if (!(error instanceof SyncCancelledError) || !signal.aborted) throw error
      }

      let fetched = 0
      const started = Date.now()
      const backfill = backfillTranscripts({
        writer,
        client: backfillClient,
        pacer,
        signal,
        onProgress: (progress) => (fetched = progress.fetched)
      }).catch(stopped)
      let crawls = 0
      const lists = (async () => {
        while (!signal.aborted) {
          await syncArchive({ archive, client: listClient, mode: 'full', signal, writer })
          crawls++
        }
      })().catch(stopped)

      // A little past the last window, which opened a little after the first request.
      await wait(windows * windowMs + Math.min(windowMs / 4, 5_000))
      const until = Date.now()
      controller.abort()
      await Promise.all([backfill, lists])

      const requests = log
        .map((request, i) => ({ at: arrivals[i], list: request.path === LIST_PATH }))
        .filter((request) => request.at >= started && request.at < until)
      return {
        ...rateUse(requests, limit, windowMs, until),
        windowMs,
        limit,
        listRequests: requests.filter((request) => request.list).length,
        transcriptRequests: requests.filter((request) => !request.list).length,
        answered429,
        fetched,
        crawls
      }
    } finally {
      await writer.close()
      await mock.close()
    }
  } finally {
    archive.close()
  }
}
