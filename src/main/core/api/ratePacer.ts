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
 *
 * Laravel counts every request of the key, whatever the endpoint, so one pacer serves every job
 * that spends the key (see pacerRegistry.ts): the list crawl, the transcript backfill, a
 * transcript opened by hand. Their requests are granted one at a time, each wait reckoned from
 * what the grant before it left. With several requests on their way, answers overtake each
 * other: a count rises by no more than the requests still on their way unless a new window
 * began, and an answer to a request sent before a window began may still speak of the last
 * one. Measured in ratePacer.test.ts with a list crawl and a backfill sharing 60 a minute:
 * 97.5% of the allowed rate and no 429, where pacing each request alone gave 93%.
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
  /** The last Remaining the server reported in this window, to see the next one begin. */
  reported: number
  resetAt: number
  /** Refilled on our estimate: the next answer to a request sent since dates the window. */
  opening: boolean
  /** Answers still due to requests sent before this window began: they may speak of the last. */
  owed: number
}

/** One acquire() waiting for its turn. */
interface Waiter {
  priority: RequestPriority
  signal?: AbortSignal
  grant(): void
  refuse(reason: unknown): void
}

export function createRatePacer(options: RatePacerOptions = {}): RatePacer {
  const windowMs = options.windowMs ?? 60_000
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? defaultSleep
  let budget: Budget | null = null
  let lastSentAt = -Infinity
  // When each request still unanswered was sent, oldest first. Answers overtake each other
  // when jobs share the budget, so a count may rise by as many as are on their way without a
  // new window having begun, and answers may arrive after the window they speak of has ended.
  const unanswered: number[] = []
  // Requests are granted one at a time, from this queue: each wait is computed from the count
  // the previous grant left, so jobs sharing the pacer cannot each spend the same last token.
  const waiting: Waiter[] = []
  let waitingForTurn = false

  /** Refills the bucket when the window is over; returns the time it looked at. */
  function startWindowIfOver(current: Budget): number {
    const at = now()
    if (at >= current.resetAt) {
      // The next answer starts the new window and dates its end; until then, a guess.
      forgetLost(at)
      current.tokens = current.limit
      current.resetAt = at + windowMs
      current.opening = true
      current.owed = unanswered.length
    }
    return at
  }

  /**
   * Requests a whole window old were lost to a timeout or a dropped connection (the client's
   * timeout is shorter than a window): they will never be answered.
   */
  function forgetLost(at: number): void {
    while (unanswered.length > 0 && unanswered[0] <= at - windowMs) unanswered.shift()
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

  /** The first foreground waiter, else the first of all: FIFO within a priority. */
  function nextInTurn(): Waiter | undefined {
    return waiting.find((waiter) => waiter.priority === 'foreground') ?? waiting[0]
  }

  function remove(waiter: Waiter): boolean {
    const index = waiting.indexOf(waiter)
    if (index >= 0) waiting.splice(index, 1)
    return index >= 0
  }

  /**
   * Grants waiters while the budget allows, then sleeps until it allows the next one. Who is
   * next is chosen again after every sleep, so a foreground request that arrived meanwhile takes
   * the slot a background one was waiting for; the slot's time does not depend on who gets it.
   * The sleep is cancelled by the signal of the waiter it was for: then the next one waits.
   */
  function grantInTurn(): void {
    while (!waitingForTurn) {
      const waiter = nextInTurn()
      if (!waiter) return
      const wait = budget ? waitBeforeNext(startWindowIfOver(budget), budget) : 0
      if (wait > 0) {
        waitingForTurn = true
        sleep(wait, waiter.signal).then(
          () => {
            waitingForTurn = false
            grantInTurn()
          },
          (reason: unknown) => {
            waitingForTurn = false
            if (remove(waiter)) waiter.refuse(reason)
            grantInTurn()
          }
        )
        return
      }
      remove(waiter)
      if (budget) budget.tokens--
      lastSentAt = now()
      forgetLost(lastSentAt)
      unanswered.push(lastSentAt)
      waiter.grant()
    }
  }

  /** A window begins with this answer: its end is a window from now, at the latest. */
  function openWindow(limit: number, remaining: number, at: number, onTheirWay: number): Budget {
    return {
      limit,
      // The requests on their way will count in this window too.
      tokens: Math.max(0, remaining - onTheirWay),
      reported: remaining,
      resetAt: at + windowMs,
      opening: false,
      // Their answers may still speak of the window before.
      owed: onTheirWay
    }
  }

  return {
    windowMs,

    acquire(signal, priority = 'foreground') {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason)
        const onAbort = (): void => {
          if (remove(waiter)) reject(signal?.reason)
        }
        const waiter: Waiter = {
          priority,
          signal,
          grant() {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
          refuse(reason) {
            signal?.removeEventListener('abort', onAbort)
            reject(reason)
          }
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        waiting.push(waiter)
        grantInTurn()
      })
    },

    limit: () => budget?.limit ?? null,

    observe(headers) {
      const at = budget ? startWindowIfOver(budget) : now()
      // Every answer, headers or not, is one request fewer on its way. Which one is not known:
      // the oldest is close enough for a count.
      const fromBefore = budget !== null && budget.owed > 0
      if (budget && fromBefore) budget.owed--
      unanswered.shift()
      forgetLost(at)
      const onTheirWay = unanswered.length

      const limit = readCount(headers.get('x-ratelimit-limit'))
      const remaining = readCount(headers.get('x-ratelimit-remaining'))
      if (limit === null || remaining === null || limit === 0) return
      const retryAfter = parseRetryAfter(headers.get('retry-after'), at)
      if (!budget) {
        budget = openWindow(limit, remaining, at, onTheirWay)
        if (retryAfter !== null) budget.resetAt = at + retryAfter
        return
      }
      if (retryAfter !== null) {
        // The server names the window's end itself.
        budget.limit = limit
        budget.tokens = Math.min(budget.tokens, remaining)
        budget.reported = remaining
        budget.resetAt = at + retryAfter
        budget.opening = false
        return
      }
      const rose = remaining > budget.reported + onTheirWay
      // An answer to a request sent before this window began, whose count did not rise, is news
      // of the window that has ended: believed, it would spend this one's tokens twice.
      if (fromBefore && !rose) return
      if (budget.opening || rose) {
        budget = openWindow(limit, remaining, at, onTheirWay)
        return
      }
      // Within a window our own count already holds the requests granted since this answer's
      // reached the server; the server's is lower only when something else spends the key.
      budget.limit = limit
      budget.tokens = Math.min(budget.tokens, remaining)
      budget.reported = remaining
    }
  }
}

function readCount(value: string | null): number | null {
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : null
}
