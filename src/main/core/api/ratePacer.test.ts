import { describe, expect, it } from 'vitest'
import { createRatePacer } from './ratePacer'

const WINDOW = 60_000

/** A fake clock, and a sleep that advances it and records each wait. */
function fakeTime() {
  const clock = { t: 1_000_000, sleeps: [] as number[] }
  const sleep = async (ms: number): Promise<void> => {
    clock.sleeps.push(ms)
    clock.t += ms
  }
  return { clock, now: () => clock.t, sleep }
}

/** Laravel's throttle: a fixed window that starts with the first request after the last ended. */
function laravelThrottle(limit: number, now: () => number) {
  let windowStart = -Infinity
  let hits = 0
  return {
    rejected: 0,
    hit(): Headers {
      const at = now()
      if (at >= windowStart + WINDOW) {
        windowStart = at
        hits = 0
      }
      if (hits >= limit) {
        this.rejected++
        const retryAfter = Math.ceil((windowStart + WINDOW - at) / 1000)
        return new Headers({
          'X-RateLimit-Limit': String(limit),
          'X-RateLimit-Remaining': '0',
          'Retry-After': String(retryAfter)
        })
      }
      hits++
      return new Headers({
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(limit - hits)
      })
    }
  }
}

describe('createRatePacer', () => {
  it('does not pace when answers carry no rate-limit headers', async () => {
    const { clock, now, sleep } = fakeTime()
    const pacer = createRatePacer({ now, sleep })
    for (let i = 0; i < 500; i++) {
      await pacer.acquire()
      pacer.observe(new Headers({ 'Content-Type': 'application/json' }))
    }
    expect(clock.sleeps).toEqual([])
  })

  it('bursts while plenty remain, then spreads the rest over the window', async () => {
    const { clock, now, sleep } = fakeTime()
    const pacer = createRatePacer({ now, sleep })
    const server = laravelThrottle(60, now)
    const sentAt: number[] = []
    for (let i = 0; i < 60; i++) {
      await pacer.acquire()
      sentAt.push(clock.t)
      clock.t += 20
      pacer.observe(server.hit())
    }
    expect(server.rejected).toBe(0)
    // 60 - 15 requests go without waiting; the last 15 are spread out.
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(14)
    expect(sentAt[44] - sentAt[0]).toBeLessThan(2_000)
    const gaps = sentAt.slice(46).map((at, i) => at - sentAt[45 + i])
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(WINDOW / 60)
    // The spread fills the rest of the window rather than stopping short of it.
    expect(sentAt[59] - sentAt[0]).toBeGreaterThan(WINDOW * 0.8)
  })

  it('keeps a long crawl free of 429s at close to the allowed rate', async () => {
    const { clock, now, sleep } = fakeTime()
    const pacer = createRatePacer({ now, sleep })
    const server = laravelThrottle(60, now)
    const started = clock.t
    for (let i = 0; i < 1_200; i++) {
      await pacer.acquire()
      clock.t += 5 + (i % 7) * 40 // latency as seen from the server
      const headers = server.hit()
      clock.t += 30 // the answer's way back
      pacer.observe(headers)
    }
    expect(server.rejected).toBe(0)
    // 1,200 requests at 60 a minute need 20 windows at least; pacing should waste little more.
    const windows = (clock.t - started) / WINDOW
    expect(windows).toBeGreaterThanOrEqual(19)
    expect(windows).toBeLessThan(22)
  })

  it('waits out the window the server names in Retry-After', async () => {
    const { clock, now, sleep } = fakeTime()
    const pacer = createRatePacer({ now, sleep })
    await pacer.acquire()
    pacer.observe(
      new Headers({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'Retry-After': '9' })
    )
    await pacer.acquire()
    expect(clock.sleeps).toEqual([9_000])
  })

  it('passes the caller signal to sleep so a wait can be cancelled', async () => {
    const controller = new AbortController()
    const seen: (AbortSignal | undefined)[] = []
    const pacer = createRatePacer({
      sleep: async (_ms, signal) => {
        seen.push(signal)
        throw new Error('aborted')
      }
    })
    pacer.observe(new Headers({ 'X-RateLimit-Limit': '10', 'X-RateLimit-Remaining': '0' }))
    await expect(pacer.acquire(controller.signal)).rejects.toThrow('aborted')
    expect(seen).toEqual([controller.signal])
  })
})
