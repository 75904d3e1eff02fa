/** Laravel's fixed window: it opens with the first request after the last one closed. */
export function createThrottle(config: { limit: number; windowMs?: number }) {
  const windowMs = config.windowMs ?? 60_000
  let windowStart = -Infinity
  let hits = 0
  return {
    hit(now: number): { allowed: boolean; headers: Record<string, string> } {
      if (now >= windowStart + windowMs) {
        windowStart = now
        hits = 0
      }
      const limit = String(config.limit)
      if (hits >= config.limit) {
        const resetAt = windowStart + windowMs
        return {
          allowed: false,
          headers: {
            'X-RateLimit-Limit': limit,
            'X-RateLimit-Remaining': '0',
            'Retry-After': String(Math.ceil((resetAt - now) / 1000)),
            'X-RateLimit-Reset': String(Math.ceil(resetAt / 1000))
          }
        }
      }
      hits++
      return {
        allowed: true,
        headers: {
          'X-RateLimit-Limit': limit,
          'X-RateLimit-Remaining': String(config.limit - hits)
        }
      }
    }
  }
}
