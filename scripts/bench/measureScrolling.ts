import Database from 'better-sqlite3'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { bundleBrowserScript } from '../harness/bundleBridge'
import type { ListView, ScrollFrames } from './scrollProbe'
import { percentile, round } from './statistics'

export interface ScrollMeasurement {
  frames: ScrollFrames
  /** The list once the scroll is over and its rows are in. */
  view: ListView
  wheelSteps: number
  wheelMs: number
  keysPressed: readonly string[]
  /** When the keys began, in the page's time, to tell the wheel's frames from the keys'. */
  keysStartedAtMs: number
  /** How far PageDown and End moved the list; 0 means the list ignores them. */
  keysScrolledPx: number
}

export interface ScrollFigures {
  scroll_frame_p50_ms: number
  scroll_frame_p95_ms: number
  scroll_frame_max_ms: number
  scroll_long_frames: number
  scroll_rows_reached: number
  scroll_dom_rows: number
}

const PROBE_ENTRY = join(__dirname, 'scrollProbe.ts')
// A fast, steady spin of the wheel: about 340 rows a second, so ten seconds go through more than
// twenty pages of 150 and the list must keep loading while it scrolls.
const WHEEL = { durationMs: 10_000, stepMs: 25, deltaPx: 480 }
// Then the keys a person uses to jump further: a few pages, then to the end of what is loaded.
const KEYS = ['PageDown', 'PageDown', 'PageDown', 'End', 'End', 'End'] as const
const KEY_PAUSE_MS = 400
const LONG_FRAME_MS = 50
// A page's rows are rendered within a frame or two of its arrival.
const PAGE_NEARNESS_MS = 50
const SETTLE_TIMEOUT_MS = 15_000

export function bundleScrollProbe(): Promise<string> {
  return bundleBrowserScript(PROBE_ENTRY)
}

function waitUntil(time: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())))
}

function scrollTop(list: Locator): Promise<number> {
  return list.evaluate((element) => element.scrollTop)
}

/**
 * Scrolls the conversation list down with the mouse wheel at a steady pace, then with PageDown and
 * End, while the scroll probe (bundleScrollProbe, as an init script) records the frames. Waits for
 * the rows in view to be rendered before it reads the list's final state.
 */
export async function measureScrolling(page: Page): Promise<ScrollMeasurement> {
  const list = page.getByTestId('conversation-list')
  const box = await list.boundingBox()
  if (!box) throw new Error('The conversation list is not on screen.')
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.evaluate(() => window.scrollProbe.start())

  const wheelStart = Date.now()
  const wheelSteps = Math.round(WHEEL.durationMs / WHEEL.stepMs)
  // Each step is sent on time, not after the previous one is done: a hand on the wheel does not
  // wait for the page, and a round trip to the browser takes longer than a step. Failures are
  // caught as they come and thrown once all steps are sent.
  const outcomes: Promise<{ error: unknown } | null>[] = []
  for (let step = 0; step < wheelSteps; step++) {
    await waitUntil(wheelStart + step * WHEEL.stepMs)
    outcomes.push(
      page.mouse.wheel(0, WHEEL.deltaPx).then(
        () => null,
        (error: unknown) => ({ error })
      )
    )
  }
  const failure = (await Promise.all(outcomes)).find((outcome) => outcome !== null)
  if (failure) throw failure.error
  const wheelMs = Date.now() - wheelStart

  const keysStartedAtMs = await page.evaluate(() => performance.now())
  await list.focus()
  const beforeKeys = await scrollTop(list)
  for (const key of KEYS) {
    await page.keyboard.press(key)
    await waitUntil(Date.now() + KEY_PAUSE_MS)
  }
  const keysScrolledPx = (await scrollTop(list)) - beforeKeys

  await page.waitForFunction(() => window.scrollProbe.view().covered, null, {
    timeout: SETTLE_TIMEOUT_MS
  })
  const frames = await page.evaluate(() => window.scrollProbe.stop())
  const view = await page.evaluate(() => window.scrollProbe.view())
  return { frames, view, wheelSteps, wheelMs, keysPressed: KEYS, keysStartedAtMs, keysScrolledPx }
}

/**
 * Throws unless the list shows, where it was scrolled to, the archive's own rows in the order
 * an empty search gives (newest first): a smoothness figure over a blank or wrong list is worthless.
 */
export function checkRowsAgainstArchive(dbPath: string, view: ListView): void {
  const { rows } = view
  const first = rows[0]
  if (!first || view.firstVisibleIndex < 0)
    throw new Error('The list shows no rows after the scroll.')
  if (!view.covered) throw new Error('Part of the list in view has no row after the scroll.')
  rows.forEach((row, i) => {
    if (row.id === '') throw new Error(`The row at position ${row.index} has no id.`)
    if (row.index !== first.index + i) {
      throw new Error(`The rows rendered are not consecutive: ${first.index + i} is missing.`)
    }
  })
  const reader = new Database(dbPath, { readonly: true })
  try {
    const expected = reader
      .prepare<[number, number], string>(
        'SELECT id FROM conversations ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?'
      )
      .pluck()
      .all(rows.length, first.index)
    rows.forEach((row, i) => {
      if (row.id !== expected[i]) {
        throw new Error(
          `Row ${row.index} shows ${row.id}, but the archive's row there is ${expected[i] ?? 'none'}.`
        )
      }
    })
  } finally {
    reader.close()
  }
}

interface FrameInterval {
  endedAtMs: number
  ms: number
}

function frameIntervals(timesMs: readonly number[]): FrameInterval[] {
  return timesMs.slice(1).map((endedAtMs, i) => ({ endedAtMs, ms: endedAtMs - (timesMs[i] ?? 0) }))
}

export interface LongFrameCounts {
  /** While the wheel turned, and while the keys were pressed. */
  wheel: number
  keys: number
  /** Those during which, or just before which, a page of results arrived. */
  nearPage: number
}

export function countLongFrames(measurement: ScrollMeasurement): LongFrameCounts {
  const { timesMs, pagesArrivedAtMs } = measurement.frames
  const long = frameIntervals(timesMs).filter((interval) => interval.ms > LONG_FRAME_MS)
  const wheel = long.filter((interval) => interval.endedAtMs <= measurement.keysStartedAtMs).length
  const nearPage = long.filter((interval) =>
    pagesArrivedAtMs.some(
      (arrivedAt) =>
        arrivedAt >= interval.endedAtMs - interval.ms - PAGE_NEARNESS_MS &&
        arrivedAt <= interval.endedAtMs
    )
  ).length
  return { wheel, keys: long.length - wheel, nearPage }
}

export function summariseScrolling(measurement: ScrollMeasurement): ScrollFigures {
  const intervals = frameIntervals(measurement.frames.timesMs).map((interval) => interval.ms)
  return {
    scroll_frame_p50_ms: round(percentile(intervals, 50), 1),
    scroll_frame_p95_ms: round(percentile(intervals, 95), 1),
    scroll_frame_max_ms: round(Math.max(...intervals), 1),
    scroll_long_frames: intervals.filter((interval) => interval > LONG_FRAME_MS).length,
    scroll_rows_reached: measurement.view.lastVisibleIndex + 1,
    scroll_dom_rows: measurement.view.rows.length
  }
}
