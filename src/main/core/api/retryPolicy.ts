export interface BackoffOptions {
  baseDelayMs: number
  maxDelayMs: number
  /** Uniform in [0, 1); injectable so tests see fixed delays. */
  random?: () => number
}

/**
 * The wait before retry number `retry` (1 for the first): "full jitter", a uniform draw below
 * an exponentially growing, capped ceiling, so many clients failing together do not come back in
 * step.
 */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1))
  return Math.floor(random() * ceiling)
}

/**
 * Retry-After as milliseconds from `now`: either delay-seconds or an HTTP-date. Null when absent
 * or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  const value = header?.trim()
  if (!value) return null
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  // An HTTP-date always names the weekday or month in letters; a bare number is not a date.
  if (!/[a-z]/i.test(value)) return null
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/** setTimeout as a promise that rejects with the signal's reason when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
