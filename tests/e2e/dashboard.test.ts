import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ApiConversationJson } from '../../src/main/core/api/conversationSchema'
import { parseApiDate } from '../../src/main/core/dates'
import { saveScreenshotsInBothThemes } from './support/browser'
import { startAppUnderTest, type AppUnderTest } from './support/appUnderTest'

const FROM = '2025-04-01'
const TO = '2025-06-30'

/** A cost as the dashboard prints it: every digit down to a millionth of a dollar. */
function exactDollars(amount: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 6
  }).format(amount)
}

/** The mock's rows a filter admits, worked out here from the API's own JSON. */
function whatsappBetween(
  rows: readonly ApiConversationJson[],
  from: string | null,
  to: string | null
) {
  return rows.filter((row) => {
    const day = parseApiDate(row.created_at)?.slice(0, 10) ?? ''
    return row.type === 'whatsapp' && (from === null || day >= from) && (to === null || day <= to)
  })
}

function sumCost(rows: readonly ApiConversationJson[]): number {
  // In micro-dollars, as the archive adds them up.
  const micros = rows.reduce((sum, row) => sum + Math.round(Number(row.total_cost ?? 0) * 1e6), 0)
  return micros / 1e6
}

async function waitForFigures(page: Page, total: number): Promise<void> {
  await expect
    .poll(() => page.getByTestId('figure-total').innerText(), { timeout: 15_000 })
    .toBe(total.toLocaleString('en-US'))
}

describe('the dashboard', () => {
  let app: AppUnderTest

  beforeAll(async () => {
    app = await startAppUnderTest({ rows: 600, synced: true, backfill: false })
    await app.page.getByTestId('conversation-row').first().waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('opens from the search with its filters and dates, and its figures are the filtered rows’', async () => {
    const { page, mock } = app
    await page.evaluate(
      ([from, to]) => (window.location.hash = `#/search?type=whatsapp&from=${from}&to=${to}`),
      [FROM, TO]
    )
    await page.getByTestId('conversation-row').first().waitFor()
    await page.getByTestId('dashboard-link').click()
    await page.getByTestId('dashboard').waitFor()
    expect(await page.evaluate(() => window.location.hash)).toBe(
      `#/dashboard?type=whatsapp&from=${FROM}&to=${TO}`
    )
    const rows = whatsappBetween(mock.list(), FROM, TO)
    expect(rows.length).toBeGreaterThan(10)
    await waitForFigures(page, rows.length)
    expect(await page.getByTestId('figure-cost').innerText()).toBe(exactDollars(sumCost(rows)))
    expect(await page.getByTestId('dashboard-scope').innerText()).toBe(
      '1 Apr 2025 to 30 Jun 2025 (UTC days), filtered by type whatsapp'
    )

    // 91 days: a bar a day, and the table says the same numbers as the rows.
    const volume = page.getByTestId('section-volume')
    expect(await volume.locator('h2').innerText()).toBe('Conversations per day, by type')
    await volume.locator('summary').click()
    const days = volume.locator('tbody tr')
    expect(await days.count()).toBe(91)
    const perDay = new Map<string, number>()
    for (const row of rows) {
      const day = parseApiDate(row.created_at)!.slice(0, 10)
      perDay.set(day, (perDay.get(day) ?? 0) + 1)
    }
    const totals = await days.evaluateAll((trs) =>
      trs.map((tr) => tr.lastElementChild?.textContent?.trim())
    )
    const expected = [...Array(91).keys()].map((offset) => {
      const day = new Date(Date.parse(`${FROM}T00:00:00Z`) + offset * 86_400_000)
      return String(perDay.get(day.toISOString().slice(0, 10)) ?? 0)
    })
    expect(totals).toEqual(expected)
    await volume.locator('summary').click()

    // Every chart was drawn on its canvas.
    const canvases = await page
      .locator('[data-testid="chart"] canvas')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLCanvasElement).width > 0))
    expect(canvases).toEqual([true, true, true, true, true, true])
  })

  it('walks a chart’s bars from the keyboard, with the exact figures', async () => {
    const { page, mock } = app
    const chart = page.getByTestId('section-cost').getByTestId('chart')
    await chart.focus()
    await page.keyboard.press('End')
    const said = chart.locator('[aria-live="polite"]')
    const lastDay = whatsappBetween(mock.list(), TO, TO)
    expect(await said.innerText()).toBe(
      `30 Jun: ${exactDollars(sumCost(lastDay))} (${lastDay.length} conversations)`
    )
    await saveScreenshotsInBothThemes(page, '40-dashboard')
  })

  it('shows all time by month for the "All" preset, the search’s dates set aside', async () => {
    const { page, mock } = app
    await page.getByTestId('range-all').check()
    await expect
      .poll(() => page.evaluate(() => window.location.hash))
      .toBe('#/dashboard?type=whatsapp&range=all')
    const rows = whatsappBetween(mock.list(), null, null)
    await waitForFigures(page, rows.length)
    expect(await page.getByTestId('section-volume').locator('h2').innerText()).toBe(
      'Conversations per month, by type'
    )
    await saveScreenshotsInBothThemes(page, '41-dashboard-all-time')
    // The sections below: assistants, AI, senders and customers, with a table open.
    await page.getByTestId('section-assistants').locator('summary').click()
    await page.getByTestId('section-senders').scrollIntoViewIfNeeded()
    await saveScreenshotsInBothThemes(page, '42-dashboard-breakdowns')
  })

  it('opens a top customer’s conversations, and Back returns to the dashboard', async () => {
    const { page } = app
    const customers = page.getByTestId('section-customers')
    await customers.locator('summary').click()
    const number = (await customers.locator('tbody tr td').first().innerText()).trim()
    await customers.getByTestId('top-customer-link').first().click()
    await page.getByTestId('customer-view').waitFor()
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/customer\//)
    await expect.poll(() => page.getByTestId('customer-phone').innerText()).toBe(number)
    await page.getByTestId('customer-back').click()
    await page.getByTestId('dashboard').waitFor()
    expect(await page.evaluate(() => window.location.hash)).toBe(
      '#/dashboard?type=whatsapp&range=all'
    )
  })

  it('goes Back to the search, its filters as they were', async () => {
    const { page } = app
    await page.getByTestId('dashboard-back').click()
    await page.getByTestId('search-input').waitFor()
    expect(await page.evaluate(() => window.location.hash)).toBe(
      `#/search?type=whatsapp&from=${FROM}&to=${TO}`
    )
  })
})
