import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ApiConversationJson } from '../../src/main/core/api/conversationSchema'
import { THEMES, scanPage, useTheme } from './support/axeScan'
import { saveScreenshotsInBothThemes } from './support/browser'
import { startAppUnderTest, type AppUnderTest } from './support/appUnderTest'
import { sampleConversationsWith, whatsappConversation } from './support/sampleConversations'

/** A customer who calls every day: more lines than a window shows, many times over. */
const REGULAR_PHONE = '+14155550142'
const REGULAR_CONVERSATIONS = 150

function regularsConversations(): ApiConversationJson[] {
  return Array.from({ length: REGULAR_CONVERSATIONS }, (_, index) => {
    const day = new Date(Date.UTC(2025, 5, 30) - index * 86_400_000)
    const digits = String(index).padStart(4, '0')
    return whatsappConversation({
      id: `c0570142-0000-4000-8000-00000000${digits}`,
      created_at: day.toISOString().replace('T', ' ').slice(0, 19),
      message_count: 4,
      total_cost: 0.001,
      customer: { name: 'Rita Regular', phone: REGULAR_PHONE }
    })
  })
}

/** The lines in the page, by their place in the whole list (aria-posinset). */
function drawnPlaces(page: Page): Promise<number[]> {
  return page
    .getByTestId('customer-conversations')
    .locator(':scope > li')
    .evaluateAll((lines) => lines.map((line) => Number(line.getAttribute('aria-posinset'))))
}

/** The place of the line holding the keyboard focus, and whether that line is in view. */
function focusedLine(page: Page): Promise<{ place: number; inView: boolean } | null> {
  return page.evaluate(() => {
    const line = document.activeElement?.closest('li[aria-posinset]')
    const view = document.querySelector('[data-testid="customer-view"]')
    if (!line || !view) return null
    const box = line.getBoundingClientRect()
    const port = view.getBoundingClientRect()
    return {
      place: Number(line.getAttribute('aria-posinset')),
      inView: box.top >= port.top && box.bottom <= port.bottom
    }
  })
}

describe('a customer with more conversations than the window shows', () => {
  let app: AppUnderTest
  let page: Page

  beforeAll(async () => {
    app = await startAppUnderTest({
      conversations: sampleConversationsWith(100, regularsConversations()),
      synced: true,
      backfill: false
    })
    page = app.page
    await page.getByTestId('conversation-row').first().waitFor()
    await page.evaluate((phone) => {
      window.location.hash = `#/customer/${encodeURIComponent(phone)}`
    }, REGULAR_PHONE)
    await page.getByTestId('customer-conversation').first().waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('draws the lines in view, newest first, each saying its place of all of them', async () => {
    expect(await page.getByTestId('customer-count').innerText()).toBe(String(REGULAR_CONVERSATIONS))
    const places = await drawnPlaces(page)
    expect(places[0]).toBe(1)
    expect(places).toEqual(places.map((_, index) => index + 1))
    expect(places.length).toBeGreaterThan(10)
    expect(places.length).toBeLessThan(REGULAR_CONVERSATIONS / 3)
    const setSizes = await page
      .getByTestId('customer-conversations')
      .locator(':scope > li')
      .evaluateAll((lines) => lines.map((line) => line.getAttribute('aria-setsize')))
    expect(new Set(setSizes)).toEqual(new Set([String(REGULAR_CONVERSATIONS)]))
    const firstDate = await page
      .getByTestId('customer-conversation')
      .first()
      .locator('time')
      .getAttribute('datetime')
    expect(firstDate).toBe('2025-06-30T00:00:00.000Z')
    await saveScreenshotsInBothThemes(page, '32-customer-long-list')
  })

  it('scans clean with axe in both themes, the list drawn in part', async () => {
    for (const theme of THEMES) {
      await useTheme(page, theme)
      const result = await scanPage(page, 'customer, long list', theme)
      const serious = result.violations.filter((violation) =>
        ['critical', 'serious', 'moderate'].includes(violation.impact)
      )
      expect(serious).toEqual([])
    }
    await useTheme(page, 'light')
  })

  it('takes Tab from line to line past the lines first drawn, each shown as it is reached', async () => {
    await page.getByTestId('customer-name').focus()
    const target = 60
    let reached: { place: number; inView: boolean } | null = null
    for (let presses = 0; presses < target * 3 && reached?.place !== target; presses++) {
      await page.keyboard.press('Tab')
      reached = await focusedLine(page)
    }
    expect(reached).toEqual({ place: target, inView: true })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'customer-conversation-toggle'
    )
    // Back one: the previous line's "Show in list".
    await page.keyboard.press('Shift+Tab')
    expect(await focusedLine(page)).toEqual({ place: target - 1, inView: true })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'customer-conversation-show'
    )
    expect((await drawnPlaces(page)).length).toBeLessThan(REGULAR_CONVERSATIONS / 3)
  })

  it('keeps the focused line and an open transcript while the wheel scrolls to the oldest', async () => {
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    const open = page.locator('[data-testid="customer-conversation"]', {
      has: page.locator('[aria-expanded="true"]')
    })
    await open.getByTestId('transcript').waitFor()
    const view = page.getByTestId('customer-view')
    await view.hover()
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 4000)
          return (await drawnPlaces(page)).at(-1)
        },
        { timeout: 15_000 }
      )
      .toBe(REGULAR_CONVERSATIONS)
    const places = await drawnPlaces(page)
    expect(places).toContain(60)
    expect(places).not.toContain(1)
    expect(await focusedLine(page)).toEqual({ place: 60, inView: false })
    expect(await open.getByTestId('transcript').count()).toBe(1)
    const lastDate = await page.locator('li[aria-posinset="150"] time').getAttribute('datetime')
    expect(lastDate).toBe('2025-02-01T00:00:00.000Z')
  })
})
