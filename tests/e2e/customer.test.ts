import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ApiConversationJson } from '../../src/main/core/api/conversationSchema'
import { parseApiDate } from '../../src/main/core/dates'
import { samePhoneNumber } from '../../src/shared/phone'
import { saveScreenshotsInBothThemes } from './support/browser'
import { dollars } from './support/expectedText'
import { startAppUnderTest, type AppUnderTest } from './support/appUnderTest'
import { sampleConversationsWith, whatsappConversation } from './support/sampleConversations'
import { renderedMessages, waitForTranscriptState } from './support/transcriptView'

/** John Doe, the documentation's WhatsApp customer. */
const JOHN_DOE_ID = '8d0f7780-8536-51ef-055c-f18fd2g01bf8'
const JOHN_DOE_PHONE = '+14155559876'

/**
 * John Doe again, his number spelt as other systems store it, on WhatsApp, through the widget
 * and the API; and a stranger one digit away, who must not be listed with him.
 */
const MORE_CONVERSATIONS: ApiConversationJson[] = [
  whatsappConversation({
    id: 'c0570001-0000-4000-8000-0000000000a1',
    created_at: '2025-05-14 16:05:00',
    message_count: 6,
    total_cost: '0.0027',
    customer: { name: 'John Doe', phone: '14155559876' }
  }),
  whatsappConversation({
    id: 'c0570002-0000-4000-8000-0000000000a2',
    type: 'widget',
    whatsapp_sender: null,
    created_at: '2025-03-02 08:30:00',
    message_count: 4,
    total_cost: 0.0016,
    customer: { name: 'John Doe', phone: '+1 (415) 555-9876' }
  }),
  whatsappConversation({
    id: 'c0570003-0000-4000-8000-0000000000a3',
    type: 'api',
    whatsapp_sender: null,
    external_identifier: 'crm-lead-98765',
    created_at: '2024-11-20 11:00:00',
    message_count: 10,
    total_cost: 0.0041,
    customer: { name: 'John Doe', phone: '+1 415 555 9876' }
  }),
  whatsappConversation({
    id: 'c0570004-0000-4000-8000-0000000000b1',
    created_at: '2025-04-01 12:00:00',
    message_count: 3,
    total_cost: 0.001,
    customer: { name: 'Jane Roe', phone: '+1 415 555 9877' }
  })
]

function shownConversationIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('customer-conversation')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''))
}

describe('the customer view', () => {
  let app: AppUnderTest
  /** John Doe's conversations as the mock API serves them, newest first. */
  let johns: ApiConversationJson[]

  beforeAll(async () => {
    app = await startAppUnderTest({
      conversations: sampleConversationsWith(300, MORE_CONVERSATIONS),
      synced: true,
      backfill: false
    })
    johns = app.mock
      .list()
      .filter((row) => row.customer?.phone && samePhoneNumber(JOHN_DOE_PHONE, row.customer.phone))
      .sort((a, b) => (a.created_at < b.created_at ? 1 : -1))
    await app.page.getByTestId('conversation-row').first().waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  /** Waits for the view of John Doe and checks every figure against the mock's rows. */
  async function expectJohnDoesView(page: Page): Promise<void> {
    const view = page.getByTestId('customer-view')
    await view.waitFor()
    await expect
      .poll(() => shownConversationIds(page), { timeout: 10_000 })
      .toEqual(johns.map((row) => row.id))
    expect(await page.getByTestId('customer-name').innerText()).toBe('John Doe')
    expect(await page.getByTestId('customer-phone').innerText()).toBe('+1 415 555 9876')
    expect(await page.getByTestId('customer-count').innerText()).toBe(String(johns.length))
    const total = johns.reduce((sum, row) => sum + Number(row.total_cost), 0)
    expect(await page.getByTestId('customer-total-cost').innerText()).toBe(dollars(total))
    const utc = (row: ApiConversationJson | undefined): string =>
      `${parseApiDate(row?.created_at)} (UTC)`
    expect(await page.getByTestId('customer-first-contact').getAttribute('title')).toBe(
      utc(johns.at(-1))
    )
    expect(await page.getByTestId('customer-last-contact').getAttribute('title')).toBe(
      utc(johns[0])
    )
    const types = await page.getByTestId('customer-conversation-type').allInnerTexts()
    expect(types.map((type) => type.toLowerCase())).toEqual(johns.map((row) => row.type))
    const costs = await page.getByTestId('customer-conversation-cost').allInnerTexts()
    expect(costs).toEqual(johns.map((row) => dollars(Number(row.total_cost))))
  }

  it('opens from a phone number in the list, with every spelling of it, newest first', async () => {
    const { page } = app
    // Four spellings of one number across WhatsApp, widget and API, and a stranger beside it.
    expect(new Set(johns.map((row) => row.customer?.phone)).size).toBe(4)
    expect(new Set(johns.map((row) => row.type))).toEqual(new Set(['whatsapp', 'widget', 'api']))

    await page.getByTestId('search-input').fill('5559876')
    const row = page.locator(`[data-testid="conversation-row"][data-id="${JOHN_DOE_ID}"]`)
    await row.waitFor()
    await row.getByTestId('row-customer-phone').click()
    await expect
      .poll(() => page.evaluate(() => decodeURIComponent(window.location.hash)))
      .toMatch(/^#\/customer\/.*415.*555.*9876/)
    await expectJohnDoesView(page)
    expect(await page.getByTestId('customer-conversation').count()).toBe(4)
    // Each part of a line in one column, whatever the type: "WHATSAPP" is the widest badge.
    const lefts = await page
      .getByTestId('customer-conversation-toggle')
      .evaluateAll((toggles) =>
        toggles.map((toggle) =>
          [...toggle.children].map((part) => Math.round(part.getBoundingClientRect().left))
        )
      )
    const columns = (index: number): Set<number | undefined> =>
      new Set(lefts.map((parts) => parts[index]))
    // Chevron, date, type, assistant.
    for (const index of [0, 1, 2, 3]) expect(columns(index).size, `part ${index}`).toBe(1)
    const badges = await page
      .getByTestId('customer-conversation-type')
      .evaluateAll((nodes) => nodes.map((node) => node.scrollWidth <= node.clientWidth))
    expect(badges.every(Boolean)).toBe(true)
  })

  it('shows a conversation’s transcript inline when it is expanded', async () => {
    const { page, mock } = app
    const item = page.locator(`[data-testid="customer-conversation"][data-id="${JOHN_DOE_ID}"]`)
    const toggle = item.getByTestId('customer-conversation-toggle')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await item.getByTestId('transcript').count()).toBe(0)
    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    // The expanded line is lit from end to end, "Show in list" included, under the pointer too.
    const painted = await item.evaluate((node) => {
      const behind = (element: Element | null): string => {
        for (let at = element; at && at !== node; at = at.parentElement) {
          const color = getComputedStyle(at).backgroundColor
          if (color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color)) return color
        }
        return 'none'
      }
      return {
        toggle: behind(node.querySelector('[data-testid="customer-conversation-toggle"]')),
        show: behind(node.querySelector('[data-testid="customer-conversation-show"]'))
      }
    })
    expect(painted.toggle).not.toBe('none')
    expect(painted.show).toBe(painted.toggle)
    const transcript = item.getByTestId('transcript')
    await waitForTranscriptState(transcript, 'current')
    const expected = mock.transcript(JOHN_DOE_ID)
    const shown = await renderedMessages(transcript)
    expect(shown.map((message) => message.role)).toEqual(expected.map((message) => message.role))
    expect(shown.map((message) => message.content ?? '')).toEqual(
      expected.map((message) => message.content)
    )
    // Only the one expanded shows a transcript.
    expect(await page.getByTestId('customer-view').getByTestId('transcript').count()).toBe(1)
    await saveScreenshotsInBothThemes(page, '30-customer')
  })

  it('goes Back to the search it came from, its query restored', async () => {
    const { page } = app
    await page.getByTestId('customer-back').click()
    await page.getByTestId('search-input').waitFor()
    expect(await page.getByTestId('search-input').inputValue()).toBe('5559876')
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/search\?.*q=5559876/)
    await page.locator(`[data-testid="conversation-row"][data-id="${JOHN_DOE_ID}"]`).waitFor()
    expect(await page.getByTestId('customer-view').count()).toBe(0)
  })

  it('opens from the detail pane’s customer name too', async () => {
    const { page } = app
    await page.locator(`[data-testid="conversation-row"][data-id="${JOHN_DOE_ID}"]`).click()
    await page.getByTestId('detail-customer-name-link').click()
    await expectJohnDoesView(page)
    await page.getByTestId('customer-back').click()
    await page.getByTestId('search-input').waitFor()
    expect(await page.getByTestId('search-input').inputValue()).toBe('5559876')
  })

  it('opens from an address with the number spelt another way, the same customer', async () => {
    const { page } = app
    await page.evaluate(() => {
      window.location.hash = '#/customer/%2B1%20(415)%20555-9876'
    })
    await expectJohnDoesView(page)
    // Opened afresh from a link in another window, Back leads to the search.
    const browser = page.context().browser()
    if (!browser) throw new Error('No browser')
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    try {
      const address = new URL(page.url())
      await fresh.goto(`${address.origin}/#/customer/${encodeURIComponent('1 415-555-9876')}`)
      await expectJohnDoesView(fresh)
      await saveScreenshotsInBothThemes(fresh, '31-customer-from-link')
      await fresh.getByTestId('customer-back').click()
      await fresh.getByTestId('conversation-row').first().waitFor()
      expect(await fresh.evaluate(() => window.location.hash)).toMatch(/^#\/search/)
    } finally {
      await fresh.close()
    }
  })

  it('says so when no conversation has the number', async () => {
    const { page } = app
    await page.evaluate(() => {
      window.location.hash = `#/customer/${encodeURIComponent('+44 20 7946 0999')}`
    })
    await page.getByTestId('customer-empty').waitFor()
    expect(await page.getByTestId('customer-count').innerText()).toBe('0')
    expect(await page.getByTestId('customer-conversation').count()).toBe(0)
  })
})
