import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { bundleBrowserScript } from '../harness/bundleBridge'
import type { PhoneQuery } from './phoneQueries'
import { between, seededRandom } from './random'
import type { TypingTiming } from './typingProbe'

export interface TypingSample {
  typed: string
  latencyMs: number
  /** The part of latencyMs after the app asked for the results: search, IPC, render, paint. */
  afterSearchStartMs: number
}

const PROBE_ENTRY = join(__dirname, 'typingProbe.ts')
// A person typing a number they read off a screen: sometimes faster than the search field's
// debounce (the search waits for the pause), sometimes slower (a search for part of the number
// is under way when the last key comes).
const KEY_DELAY_MS = { min: 40, max: 160 }
const PAINT_TIMEOUT_MS = 15_000

export function bundleTypingProbe(): Promise<string> {
  return bundleBrowserScript(PROBE_ENTRY)
}

/** Arms the probe for `text`, runs `act`, and returns the probe's timing for `text`. */
async function timeUntilPainted(
  page: Page,
  text: string,
  act: () => Promise<void>
): Promise<TypingTiming> {
  await page.evaluate((armed) => window.typingProbe.arm(armed), text)
  await act()
  const timing = await page.evaluate(
    (timeoutMs) => window.typingProbe.waitPainted(timeoutMs),
    PAINT_TIMEOUT_MS
  )
  if (!timing) {
    throw new Error(`The results for "${text}" were not painted within ${PAINT_TIMEOUT_MS} ms.`)
  }
  return timing
}

/** Empties the search field, if it holds anything, and waits for the full list painted. */
export async function clearSearch(page: Page): Promise<void> {
  const field = page.getByTestId('search-input')
  if ((await field.inputValue()) !== '') {
    await timeUntilPainted(page, '', () => field.fill(''))
  }
}

/**
 * For each query: empties the search field and waits for the full list, then types the query key
 * by key and takes the in-page time from its last keydown to the frame that shows its results.
 * The page must have been opened with the probe (bundleTypingProbe) as an init script.
 */
export async function measureTyping(
  page: Page,
  queries: readonly PhoneQuery[],
  options: { seed: number; onQuery?: (done: number) => void }
): Promise<TypingSample[]> {
  const random = seededRandom(options.seed)
  const field = page.getByTestId('search-input')
  const samples: TypingSample[] = []
  for (const query of queries) {
    await clearSearch(page)
    await field.focus()
    const timing = await timeUntilPainted(page, query.typed, async () => {
      for (const key of query.typed) {
        await page.keyboard.type(key, {
          delay: between(random, KEY_DELAY_MS.min, KEY_DELAY_MS.max)
        })
      }
    })
    samples.push({
      typed: query.typed,
      latencyMs: timing.paintedAt - timing.keydownAt,
      afterSearchStartMs: timing.paintedAt - timing.searchStartedAt
    })
    options.onQuery?.(samples.length)
  }
  return samples
}
