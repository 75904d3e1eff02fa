import { describe, expect, it } from 'vitest'
import { createRatePacer, type RatePacer, type RequestPriority } from './ratePacer'

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

/**
 * Laravel's throttle: a fixed window that starts with the first request after the last ended.
 * It keeps what the tests judge by: the requests it let through, and its 429s by window.
 */
function laravelThrottle(limit: number, now: () => number) {
  let windowStart = -Infinity
  let hits = 0
  return {
    rejected: 0,
    acceptedAt: [] as number[],
    /** When each window began: with the first request let through after the last ended. */
    windowStarts: [] as number[],
    rejectedByWindow: new Map<number, number>(),
    hit(): Headers {
      const at = now()
      if (at >= windowStart + WINDOW) {
        windowStart = at
        hits = 0
      }
      if (hits >= limit) {
        this.rejected++
        this.rejectedByWindow.set(windowStart, (this.rejectedByWindow.get(windowStart) ?? 0) + 1)
        const retryAfter = Math.ceil((windowStart + WINDOW - at) / 1000)
        return new Headers({
          'X-RateLimit-Limit': String(limit),
          'X-RateLimit-Remaining': '0',
          'Retry-After': String(retryAfter)
        })
      }
      hits++
      if (hits === 1) this.windowStarts.push(at)
      this.acceptedAt.push(at)
      return new Headers({
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(limit - hits)
      })
    }
  }
}

/**
 * Simulated time for jobs that run side by side: every sleep is a timer on a fake clock, and
 * run() moves the clock to the next timer only when nothing else can run, so concurrent jobs
 * interleave as they would in real time, without taking it.
 */
function simulatedTime() {
  let t = 1_000_000
  let order = 0
  const timers: { at: number; order: number; fire(): void }[] = []
  function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const onAbort = (): void => {
        timers.splice(timers.indexOf(timer), 1)
        reject(signal?.reason)
      }
      const timer = {
        at: t + Math.max(0, ms),
        order: order++,
        fire() {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      timers.push(timer)
    })
  }
  async function run<T>(work: Promise<T>): Promise<T> {
    let finished = false
    const settled = work.finally(() => {
      finished = true
    })
    for (;;) {
      // setImmediate runs after every pending promise callback has.
      await new Promise((resolve) => setImmediate(resolve))
      if (finished) return settled
      timers.sort((a, b) => a.at - b.at || a.order - b.order)
      const next = timers.shift()
      if (!next) throw new Error('the simulated jobs wait for each other')
      t = next.at
      next.fire()
    }
  }
  return { now: () => t, sleep, run }
}

type Simulation = ReturnType<typeof simulatedTime>

/**
 * The requests let through in the whole windows, as a share of what the throttle allows in
 * their time: `limit` a window, had every window begun the moment the last one ended. Whole
 * windows only, as a window's first quarter goes out at once and a cut one would flatter.
 */
function shareOfAllowed(server: ReturnType<typeof laravelThrottle>, limit: number): number {
  const starts = server.windowStarts
  const from = starts[0]
  const to = starts[starts.length - 1]
  const sent = server.acceptedAt.filter((at) => at >= from && at < to).length
  return sent / ((limit * (to - from)) / WINDOW)
}

/**
 * A job sending requests one after another until `until`, as the API client does: acquire,
 * the request's way there, the server, the answer's way back, observe, and after a 429 the
 * wait the server names. `latency(i)` is the request's way there and back.
 */
async function requestsUntil(
  sim: Simulation,
  pacer: RatePacer,
  server: ReturnType<typeof laravelThrottle>,
  job: { priority: RequestPriority; until: number; latency: (i: number) => [number, number] }
): Promise<number> {
  let answered = 0
  for (let i = 0; sim.now() < job.until; i++) {
    await pacer.acquire(undefined, job.priority)
    const [there, back] = job.latency(i)
    await sim.sleep(there)
    const headers = server.hit()
    await sim.sleep(back)
    pacer.observe(headers)
    const retryAfter = headers.get('retry-after')
    if (retryAfter) await sim.sleep(Number(retryAfter) * 1000)
    else answered++
  }
  return answered
}

/** A list page takes longer to build than a transcript; both vary from request to request. */
const pageLatency = (i: number): [number, number] => [120 + ((i * 37) % 280), 40 + ((i * 11) % 90)]
const transcriptLatency = (i: number): [number, number] => [
  60 + ((i * 53) % 190),
  30 + ((i * 17) % 70)
]

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

  it('does not let a late answer from the window that ended spend the next one', async () => {
    const sim = simulatedTime()
    const pacer = createRatePacer({ now: sim.now, sleep: sim.sleep })
    const budget = (remaining: number) =>
      new Headers({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': String(remaining) })
    pacer.observe(budget(1))
    const started = sim.now()
    // The window's last request goes 50 s in; its answer is slow.
    await sim.run(sim.sleep(50_000).then(() => pacer.acquire()))
    // The next waits for the window's end, and its answer opens the new window.
    await sim.run(pacer.acquire())
    expect(sim.now() - started).toBe(60_000)
    pacer.observe(budget(59))
    // Then the slow answer comes, with the count of the window that ended.
    pacer.observe(budget(0))
    await sim.run(pacer.acquire())
    expect(sim.now() - started).toBe(60_000)
  })

  it('says the limit the server reported, and its window', () => {
    const pacer = createRatePacer({ windowMs: 30_000 })
    expect(pacer.windowMs).toBe(30_000)
    expect(pacer.limit()).toBeNull()
    pacer.observe(new Headers({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '59' }))
    expect(pacer.limit()).toBe(60)
  })
})

describe('createRatePacer: jobs sharing one budget', () => {
  /** Whole windows to judge by: the jobs run a window longer. */
  const WINDOWS = 10

  it('keeps a list crawl and a transcript backfill together at 95% of the rate, one 429 a window at most', async () => {
    const sim = simulatedTime()
    const pacer = createRatePacer({ now: sim.now, sleep: sim.sleep })
    const server = laravelThrottle(60, sim.now)
    const until = sim.now() + (WINDOWS + 1) * WINDOW
    const [pages, transcripts] = await sim.run(
      Promise.all([
        requestsUntil(sim, pacer, server, {
          priority: 'foreground',
          until,
          latency: pageLatency
        }),
        requestsUntil(sim, pacer, server, {
          priority: 'background',
          until,
          latency: transcriptLatency
        })
      ])
    )
    for (const rejected of server.rejectedByWindow.values()) expect(rejected).toBeLessThanOrEqual(1)
    expect(server.windowStarts.length).toBeGreaterThanOrEqual(WINDOWS)
    expect(shareOfAllowed(server, 60)).toBeGreaterThanOrEqual(0.95)
    // Neither job is starved: the crawl, slower per request, still gets a fair share.
    expect(pages).toBeGreaterThan(0.3 * (pages + transcripts))
    expect(transcripts).toBeGreaterThan(0.3 * (pages + transcripts))
  })

  it('keeps a transcript backfill alone at 95% of the rate without a 429', async () => {
    const sim = simulatedTime()
    const pacer = createRatePacer({ now: sim.now, sleep: sim.sleep })
    const server = laravelThrottle(60, sim.now)
    const until = sim.now() + (WINDOWS + 1) * WINDOW
    await sim.run(
      requestsUntil(sim, pacer, server, {
        priority: 'background',
        until,
        latency: transcriptLatency
      })
    )
    expect(server.rejected).toBe(0)
    expect(server.windowStarts.length).toBeGreaterThanOrEqual(WINDOWS)
    expect(shareOfAllowed(server, 60)).toBeGreaterThanOrEqual(0.95)
  })
})

describe('createRatePacer: whose turn', () => {
  /** A pacer whose budget is spent: the next grant waits for the window's end, 60 s away. */
  function spentPacer(sim: Simulation): RatePacer {
    const pacer = createRatePacer({ now: sim.now, sleep: sim.sleep })
    pacer.observe(new Headers({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0' }))
    return pacer
  }

  it('grants a foreground request that arrives while background ones wait before them', async () => {
    const sim = simulatedTime()
    const pacer = spentPacer(sim)
    const granted: string[] = []
    const ask = (name: string, priority: RequestPriority) =>
      pacer.acquire(undefined, priority).then(() => {
        granted.push(name)
      })
    const background = [ask('b1', 'background'), ask('b2', 'background'), ask('b3', 'background')]
    const foreground = sim
      .sleep(1_000)
      .then(() => Promise.all([ask('f1', 'foreground'), ask('f2', 'foreground')]))
    await sim.run(Promise.all([...background, foreground]))
    expect(granted).toEqual(['f1', 'f2', 'b1', 'b2', 'b3'])
  })

  it('gives a waiting foreground request the next slot of a spread-out budget', async () => {
    const sim = simulatedTime()
    const pacer = createRatePacer({ now: sim.now, sleep: sim.sleep })
    // Five left of 60: the first goes at once, the other four one every 15 s to the window's end.
    pacer.observe(new Headers({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '5' }))
    await pacer.acquire(undefined, 'background')
    const grantedAt: Record<string, number> = {}
    const ask = (name: string, priority: RequestPriority) =>
      pacer.acquire(undefined, priority).then(() => {
        grantedAt[name] = sim.now()
      })
    const started = sim.now()
    const background = ask('b', 'background')
    const foreground = sim.sleep(5_000).then(() => ask('f', 'foreground'))
    await sim.run(Promise.all([background, foreground]))
    expect(grantedAt.f - started).toBe(15_000)
    expect(grantedAt.b - grantedAt.f).toBe(15_000)
  })

  it('passes the turn on when the waiter it was kept for is cancelled', async () => {
    const sim = simulatedTime()
    const pacer = spentPacer(sim)
    const controller = new AbortController()
    const cancelled = pacer.acquire(controller.signal, 'foreground')
    const later = pacer.acquire(undefined, 'background')
    const waitedFor = sim.run(
      sim.sleep(1_000).then(async () => {
        controller.abort(new Error('stop'))
        await expect(cancelled).rejects.toThrow('stop')
        await later
        return sim.now()
      })
    )
    expect(await waitedFor).toBe(1_000_000 + 60_000)
  })
})
