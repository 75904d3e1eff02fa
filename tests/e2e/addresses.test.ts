import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { saveScreenshotsInBothThemes } from './support/browser'
import { openPageAt, startAppUnderTest, type AppUnderTest } from './support/appUnderTest'

/** John Doe, the documentation's WhatsApp customer, as the mock API serves him. */
const JOHN_DOE_ID = '8d0f7780-8536-51ef-055c-f18fd2g01bf8'

/** Every view's address works from outside the app: a fresh page opened at it. */
describe('addresses', () => {
  let app: AppUnderTest

  beforeAll(async () => {
    app = await startAppUnderTest({ synced: true, backfill: false, rows: 600 })
    await app.page.getByTestId('conversation-row').first().waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  const openAt = (hash: string): Promise<Page> => openPageAt(app, hash)

  it('opens John Doe’s view at #/customer/+14155559876, the number shown normalised', async () => {
    const page = await openAt('#/customer/+14155559876')
    try {
      await page.getByTestId('customer-view').waitFor()
      await expect.poll(() => page.getByTestId('customer-name').innerText()).toBe('John Doe')
      expect(await page.getByTestId('customer-phone').innerText()).toBe('+1 415 555 9876')
      await page
        .locator(`[data-testid="customer-conversation"][data-id="${JOHN_DOE_ID}"]`)
        .waitFor()
      await saveScreenshotsInBothThemes(page, '70-address-customer')
    } finally {
      await page.close()
    }
  })

  it('says where the number came from when the quick lookup found it on the clipboard', async () => {
    const page = await openAt('#/customer/%2B14155559876?from=clipboard')
    try {
      await expect.poll(() => page.getByTestId('customer-name').innerText()).toBe('John Doe')
      expect(await page.getByTestId('customer-source').innerText()).toBe(
        'From clipboard: +1 415 555 9876'
      )
      await saveScreenshotsInBothThemes(page, '73-quick-lookup-from-clipboard')
    } finally {
      await page.close()
    }
  })

  it('opens Settings at #/settings over the search, and Close leaves it there', async () => {
    const page = await openAt('#/settings')
    try {
      const dialog = page.getByTestId('settings-dialog')
      await dialog.waitFor()
      await page.getByTestId('conversation-row').first().waitFor()
      await saveScreenshotsInBothThemes(page, '71-address-settings')
      // The harness registers no global shortcut: the section shows the setting, no complaint.
      await page.getByTestId('settings-quick-lookup').scrollIntoViewIfNeeded()
      expect(await page.getByTestId('settings-shortcut').inputValue()).toBe('Ctrl+Shift+Space')
      expect(await page.getByTestId('settings-shortcut-taken').count()).toBe(0)
      await saveScreenshotsInBothThemes(page, '74-settings-quick-lookup')
      await page.getByTestId('settings-close').click()
      await dialog.waitFor({ state: 'detached' })
      expect(await page.evaluate(() => window.location.hash)).toBe('#/search')
      // Opened from the toolbar it is a place in the history like any view: Back and Forward.
      await page.getByTestId('settings-button').click()
      await dialog.waitFor()
      expect(await page.evaluate(() => window.location.hash)).toBe('#/settings')
      await page.goBack()
      await dialog.waitFor({ state: 'detached' })
      await page.goForward()
      await dialog.waitFor()
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      expect(await page.evaluate(() => window.location.hash)).toBe('#/search')
    } finally {
      await page.close()
    }
  })

  it('goes Back from a customer to the list as it was: query, selection and scroll', async () => {
    // A search with text and a filter, opened by its address: one query from the start.
    const page = await openAt('#/search?q=Acme&type=whatsapp')
    try {
      await expectBackRestoresTheList(page)
    } finally {
      await page.close()
    }
  })

  async function expectBackRestoresTheList(page: Page): Promise<void> {
    // Enough rows for the list to scroll well down.
    await expect
      .poll(async () =>
        parseInt((await page.getByTestId('result-count').innerText()).replace(/\D/g, '') || '0')
      )
      .toBeGreaterThan(60)
    const list = page.getByTestId('conversation-list')
    await list.evaluate((node) => (node.scrollTop = 1_500))
    // A row in view down there, opened and then left for its customer.
    const row = page.locator('[data-testid="conversation-row"]').filter({
      has: page.getByTestId('row-customer-phone')
    })
    const target = row.nth(8)
    const id = await target.getAttribute('data-id')
    await target.click()
    await page.getByTestId('detail-pane').waitFor()
    const scrollTop = await list.evaluate((node) => node.scrollTop)
    expect(scrollTop).toBeGreaterThan(1_000)
    const address = await page.evaluate(() => window.location.hash)
    expect(address).toContain(`open=${id}`)
    await target.getByTestId('row-customer-phone').click()
    await page.getByTestId('customer-view').waitFor()

    await page.keyboard.press('Alt+ArrowLeft')
    await page.getByTestId('conversation-list').waitFor()
    expect(await page.evaluate(() => window.location.hash)).toBe(address)
    expect(await page.getByTestId('search-input').inputValue()).toBe('Acme')
    expect(address).toContain('type=whatsapp')
    expect(await page.locator('[aria-selected="true"]').getAttribute('data-id')).toBe(id)
    await page.getByTestId('detail-pane').waitFor()
    expect(await page.getByTestId('detail-id').textContent()).toBe(id)
    expect(await page.getByTestId('conversation-list').evaluate((node) => node.scrollTop)).toBe(
      scrollTop
    )
    await saveScreenshotsInBothThemes(page, '72-back-to-restored-list')
  }
})
