import { parseRetryAfter, sleep as defaultSleep } from './retryPolicy'

/**
 * Keeps a long crawl under Laravel's throttle, which counts requests in a fixed window that
 * starts with the first request and reports `X-RateLimit-Limit` and `X-RateLimit-Remaining`
 * (no reset time) on every answer.
 *
 * A token bucket: the tokens are what the server says remains, less what was sent since; they
 * all come back when the window ends. While more than a quarter remain, requests go at once;
 * below that the remaining tokens are spread evenly over the rest of the window, never faster
 * than window/limit. Spreading at a steady window/limit alone is not enough: after a burst the
 * server's count only recovers at the window's end, so the bucket must last until then.
 *
 * The window's end is never reported, so it is estimated late on purpose: a window began no
 * later than the answer that first showed the count going up, so it ends no later than that
 * answer's arrival plus the window. A late estimate only makes the pacing slower, never a 429.
 */
/**
 * A list page a person waits for, or a transcript they opened, goes before the background
 * backfill's requests: a waiting foreground request is always granted first.
 */
export type RequestPriority = 'foreground' | 'background'

export interface RatePacer {
  /** Resolves when the next request may be sent, and counts it. */
  acquire(signal?: AbortSignal, priority?: RequestPriority): Promise<void>
  /** Requests allowed per window as the server last reported; null until an answer said. */
  limit(): number | null
  /** The throttle window the limit applies to, in milliseconds. */
  readonly windowMs: number
  /** Learns the budget from an answer's headers; an answer without them changes nothing. */
  observe(headers: Headers): void
}

export interface RatePacerOptions {
  /** Laravel's default throttle window. */
  windowMs?: number
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

interface Budget {
  limit: number
  /** Requests left in this window by our count. */
  tokens: number
  /** The last Remaining the server reported, to see a new window begin. */
  reported: number
  resetAt: number
}

export function createRatePacer(options: RatePacerOptions = {}): RatePacer {
  const windowMs = options.windowMs ?? 60_000
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? defaultSleep
  let budget: Budget | null = null
  let lastSentAt = -Infinity

  /** Refills the bucket when the window is over; returns the time it looked at. */
  function startWindowIfOver(current: Budget): number {
    const at = now()
    if (at >= current.resetAt) {
      // The next answer starts the new window and dates its end; until then, a guess.
      current.tokens = current.limit
      current.reported = -1
      current.resetAt = at + windowMs
    }
    return at
  }

  function waitBeforeNext(at: number, current: Budget): number {
    if (current.tokens > Math.ceil(current.limit / 4)) return 0
    if (current.tokens <= 0) return current.resetAt - at
    const spacing = Math.max(
      windowMs / current.limit,
      (current.resetAt - lastSentAt) / current.tokens
    )
    return lastSentAt + spacing - at
  }

  return {
    async acquire(signal) {
      if (!budget) return
      const wait = waitBeforeNext(startWindowIfOver(budget), budget)
      if (wait > 0) await sleep(wait, signal)
      // An answer may have replaced the budget during the wait.
      const current = budget
      startWindowIfOver(current)
      current.tokens--
      lastSentAt = now()
    },

    observe(headers) {
      const limit = readCount(headers.get('x-ratelimit-limit'))
      const remaining = readCount(headers.get('x-ratelimit-remaining'))
      if (limit === null || remaining === null || limit === 0) return
      const at = now()
      const retryAfter = parseRetryAfter(headers.get('retry-after'), at)
      let resetAt = budget?.resetAt ?? at + windowMs
      if (retryAfter !== null) resetAt = at + retryAfter
      else if (!budget || remaining > budget.reported || at >= budget.resetAt) {
        resetAt = at + windowMs
      }
      budget = { limit, tokens: remaining, reported: remaining, resetAt }
    }
  }
}

function readCount(value: string | null): number | null {
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : null
}
