import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { saveScreenshotsInBothThemes } from './support/browser'
import { startAppUnderTest, type AppUnderTest } from './support/appUnderTest'

const TRANSCRIPT_PATH = /^\/api\/conversations\/([^/]+)$/
const RUNNING =
  /^Transcripts: ([\d,]+) of ([\d,]+), (about \d+ (minute|minutes|hours|days)|less than a minute) left at the API's limit$/
const PAUSED = /^Transcripts paused: ([\d,]+) of ([\d,]+)$/

function numbers(text: string, pattern: RegExp): { done: number; total: number } {
  const match = pattern.exec(text)
  if (!match) throw new Error(`Not a backfill line: ${text}`)
  return {
    done: Number(match[1]?.replace(/,/g, '')),
    total: Number(match[2]?.replace(/,/g, ''))
  }
}

describe('the transcript backfill in the status bar', () => {
  let app: AppUnderTest

  /** The conversations whose transcripts were asked for, in the order asked. */
  function transcriptRequests(): string[] {
    return app.mock.requests.flatMap((request) => {
      const match = TRANSCRIPT_PATH.exec(request.path)
      return match ? [decodeURIComponent(match[1] ?? '')] : []
    })
  }

  function backfillText(page: Page): Promise<string> {
    return page
      .getByTestId('backfill-text')
      .innerText()
      .catch(() => '')
  }

  /** Runs a list sync from the status bar and waits for its end. */
  async function syncNow(page: Page): Promise<void> {
    const listRequests = (): number =>
      app.mock.requests.filter((request) => request.path === '/api/user/conversations').length
    const before = listRequests()
    const button = page.getByTestId('sync-button')
    await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(true)
    await button.click()
    await expect.poll(listRequests, { timeout: 10_000 }).toBeGreaterThan(before)
    await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true)
  }

  beforeAll(async () => {
    // A throttle the pacer learns from the answers (so it can tell the time left) and slow
    // answers, so that the backfill of 303 transcripts lasts for minutes.
    app = await startAppUnderTest({
      rows: 300,
      synced: true,
      backfill: true,
      rateLimit: { limit: 100 },
      latencyMs: 60
    })
    await app.page.getByTestId('conversation-row').first().waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('starts after a sync, newest first, saying N of M and the time left', async () => {
    const { page, mock } = app
    const progress = page.getByTestId('backfill-progress')
    // Nothing is fetched before a sync has run.
    expect(await progress.count()).toBe(0)
    expect(transcriptRequests()).toEqual([])
    await syncNow(page)
    await expect
      .poll(() => progress.getAttribute('data-phase'), { timeout: 10_000 })
      .toBe('running')
    // A few fetched, so the bar shows some progress.
    await expect
      .poll(
        async () => {
          const text = await backfillText(page)
          return RUNNING.test(text) ? numbers(text, RUNNING).done : -1
        },
        { timeout: 10_000 }
      )
      .toBeGreaterThanOrEqual(10)
    const { done, total } = numbers(await backfillText(page), RUNNING)
    expect(total).toBe(mock.list().length)
    expect(done).toBeLessThan(total)
    await saveScreenshotsInBothThemes(page, '40-backfill-running')

    const asked = transcriptRequests()
    expect(asked.length).toBeGreaterThan(0)
    expect(asked).toEqual(
      mock
        .list()
        .slice(0, asked.length)
        .map((row) => row.id)
    )
  })

  it('pauses, stays paused through a sync, and resumes', async () => {
    const { page } = app
    const progress = page.getByTestId('backfill-progress')
    await page.getByTestId('backfill-pause').click()
    await expect.poll(() => progress.getAttribute('data-phase')).toBe('paused')
    await expect.poll(() => backfillText(page)).toMatch(PAUSED)
    const paused = numbers(await backfillText(page), PAUSED)
    const askedWhenPaused = transcriptRequests().length
    await page.getByTestId('backfill-resume').waitFor()
    expect(await page.getByTestId('backfill-pause').count()).toBe(0)
    await saveScreenshotsInBothThemes(page, '41-backfill-paused')

    // A sync meanwhile, with its requests through the same budget, does not resume it.
    await syncNow(page)
    expect(await progress.getAttribute('data-phase')).toBe('paused')
    expect(transcriptRequests().length).toBe(askedWhenPaused)
    expect(numbers(await backfillText(page), PAUSED)).toEqual(paused)

    await page.getByTestId('backfill-resume').click()
    await expect.poll(() => progress.getAttribute('data-phase')).toBe('running')
    await expect.poll(() => transcriptRequests().length).toBeGreaterThan(askedWhenPaused)
    await expect.poll(() => backfillText(page), { timeout: 10_000 }).toMatch(RUNNING)
    // It goes on from where it stopped: what is left only shrinks.
    await expect
      .poll(
        async () => {
          const text = await backfillText(page)
          if (!RUNNING.test(text)) return Number.POSITIVE_INFINITY
          const now = numbers(text, RUNNING)
          return now.total - now.done
        },
        { timeout: 10_000 }
      )
      .toBeLessThan(paused.total - paused.done)
    // Nothing fetched before the pause is asked for again, but for the one in flight then.
    const asked = transcriptRequests()
    const before = new Set(asked.slice(0, askedWhenPaused - 1))
    expect(asked.slice(askedWhenPaused).filter((id) => before.has(id))).toEqual([])
  })

  it('stops when the Settings turn it off, and starts again when they turn it on', async () => {
    const { page } = app
    const progress = page.getByTestId('backfill-progress')
    await page.getByTestId('settings-button').click()
    const checkbox = page.getByTestId('settings-backfill')
    expect(await checkbox.isChecked()).toBe(true)
    expect(await page.getByTestId('settings-backfill-days').isEnabled()).toBe(true)
    await checkbox.uncheck()
    await expect.poll(() => page.getByTestId('settings-backfill-days').isEnabled()).toBe(false)
    await expect.poll(() => progress.count()).toBe(0)
    const askedWhenOff = transcriptRequests().length

    await checkbox.check()
    await expect.poll(() => progress.getAttribute('data-phase')).toBe('running')
    await expect.poll(() => transcriptRequests().length).toBeGreaterThan(askedWhenOff)
    await page.getByTestId('settings-close').click()
  })
})
