import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ApiConversationJson } from '../../src/main/core/api/conversationSchema'
import { saveScreenshotsInBothThemes } from './support/browser'
import {
  SECOND_API_KEY,
  openPageAt,
  startAppUnderTest,
  type AppUnderTest
} from './support/appUnderTest'
import { sampleConversations, whatsappConversation } from './support/sampleConversations'

/** The first account's conversation of the documentation: John Doe's. */
const JOHN_DOE_ID = '8d0f7780-8536-51ef-055c-f18fd2g01bf8'
const FIRST = 'Acme Support'
const SECOND = 'Beta Bakery'

/** The second account's own customers, newer than anything of the first account's. */
const BETA_CONVERSATIONS: ApiConversationJson[] = [
  ['be7a0001-0000-4000-8000-00000000b001', '2026-11-30 10:00:00', 'Bella Baker', '+14155550101'],
  ['be7a0002-0000-4000-8000-00000000b002', '2026-11-29 09:30:00', 'Bruno Crumb', '+14155550102'],
  ['be7a0003-0000-4000-8000-00000000b003', '2026-11-28 16:45:00', 'Bea Loaf', '+14155550103']
].map(([id, createdAt, name, phone]) =>
  whatsappConversation({
    id: id!,
    created_at: createdAt!,
    message_count: 4,
    total_cost: 0.002,
    assistant_name: 'Bakery Orders',
    customer: { name: name!, phone: phone! }
  })
)
const BETA_IDS = BETA_CONVERSATIONS.map((row) => row.id)

// Polls wait as long as a loaded machine needs, not expect.poll's one second.
const PATIENT = { timeout: 15_000 }

function listedIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('conversation-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''))
}

/** The list shows this account's conversations (John Doe's among the first's) and not the other's. */
async function expectListOf(page: Page, account: 'first' | 'second'): Promise<void> {
  await expect
    .poll(async () => {
      const ids = await listedIds(page)
      const betas = ids.filter((id) => BETA_IDS.includes(id)).length
      return account === 'second'
        ? betas === ids.length && ids.length === 3
        : betas === 0 && ids.includes(JOHN_DOE_ID)
    }, PATIENT)
    .toBe(true)
}

async function expectShown(page: Page, name: string): Promise<void> {
  await expect.poll(() => page.title(), PATIENT).toBe(`${name} — Conversation Browser`)
  expect(await page.getByTestId('account-name').innerText()).toBe(name)
}

describe('several accounts', () => {
  let app: AppUnderTest

  beforeAll(async () => {
    app = await startAppUnderTest({
      conversations: sampleConversations(40),
      synced: true,
      backfill: false,
      secondApi: { conversations: BETA_CONVERSATIONS }
    })
    await app.page.getByTestId('conversation-row').first().waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('renames the first account and adds a second one in Settings, which then shows its list', async () => {
    const { page } = app
    const secondUrl = app.secondMock?.url ?? ''
    await page.getByTestId('settings-button').click()
    const settings = page.getByTestId('settings-dialog')
    await settings.waitFor()
    // The upgraded one-account setup is named after its API's host: named by the person now.
    await settings.getByTestId('account-rename').click()
    await settings.getByTestId('account-rename-input').fill(FIRST)
    await settings.getByTestId('account-rename-input').press('Enter')
    await expect
      .poll(() => settings.getByTestId('settings-account-name').innerText(), PATIENT)
      .toBe(FIRST)
    await expectShown(page, FIRST)

    await settings.getByTestId('add-account').click()
    const form = settings.getByTestId('add-account-form')
    expect(await form.getByTestId('new-account-base-url-input').inputValue()).toBe(app.mock.url)
    await form.getByTestId('new-account-name').fill(SECOND)
    await form.getByTestId('new-account-base-url-input').fill(secondUrl)
    await form.getByTestId('new-account-api-key-input').fill('not-the-key')
    await form.getByTestId('add-account-save').click()
    await expect
      .poll(() => form.getByTestId('add-account-error').innerText(), PATIENT)
      .toBe('autocalls.ai did not accept this API key. Check it and try again.')
    await form.getByTestId('new-account-api-key-input').fill(SECOND_API_KEY)
    await form.scrollIntoViewIfNeeded()
    await saveScreenshotsInBothThemes(page, '80-settings-add-account')
    await form.getByTestId('add-account-save').click()
    await expect
      .poll(() => settings.getByTestId('accounts-message').innerText(), PATIENT)
      .toBe(`Added “${SECOND}”: it is shown now, and its first sync has started.`)
    expect(await settings.getByTestId('settings-account-name').allInnerTexts()).toEqual([
      FIRST,
      SECOND
    ])
    await settings.getByTestId('settings-accounts').scrollIntoViewIfNeeded()
    await saveScreenshotsInBothThemes(page, '81-settings-accounts')
    await settings.getByTestId('settings-close').click()
    await settings.waitFor({ state: 'detached' })

    await expectShown(page, SECOND)
    await expectListOf(page, 'second')
    await saveScreenshotsInBothThemes(page, '82-second-account-list')
  })

  it('switches with Ctrl+1 and Ctrl+2, each list and title its account’s', async () => {
    const { page } = app
    await page.keyboard.press('Control+1')
    await expectShown(page, FIRST)
    await expectListOf(page, 'first')
    expect(await page.evaluate(() => window.location.hash)).toBe('#/search')
    await page.keyboard.press('Control+2')
    await expectShown(page, SECOND)
    await expectListOf(page, 'second')
  })

  it('switches with the account menu, by mouse and by keyboard, showing each one’s sync state', async () => {
    const { page } = app
    const button = page.getByTestId('account-switcher')
    await button.click()
    expect(await button.getAttribute('aria-expanded')).toBe('true')
    const menu = page.getByRole('menu', { name: /Account/ })
    await menu.waitFor()
    const options = menu.getByRole('menuitemradio')
    expect(await options.count()).toBe(2)
    await expect.poll(() => options.nth(1).innerText(), PATIENT).toMatch(/Synced just now/)
    expect(await options.nth(1).getAttribute('aria-checked')).toBe('true')
    // Focus starts on the account shown.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(SECOND)
    await saveScreenshotsInBothThemes(page, '83-account-menu')
    await options.nth(0).click()
    await expectShown(page, FIRST)
    await expectListOf(page, 'first')
    expect(await button.getAttribute('aria-expanded')).toBe('false')

    await button.focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expectShown(page, SECOND)
    await expectListOf(page, 'second')
    // Esc closes the menu, and focus is back on its button.
    await page.keyboard.press('ArrowDown')
    await menu.waitFor()
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'hidden' })
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('account-button')
  })

  it('keeps Back working in the account shown: the dashboard, then Back to the restored list', async () => {
    const { page } = app
    await page.getByTestId('search-input').fill('Bruno')
    await expect.poll(() => listedIds(page), PATIENT).toEqual([BETA_IDS[1]])
    await page.getByTestId('dashboard-link').click()
    await page.waitForURL(/#\/dashboard/)
    await page.goBack()
    await expect
      .poll(() => page.evaluate(() => window.location.hash), PATIENT)
      .toBe('#/search?q=Bruno')
    await expect.poll(() => listedIds(page), PATIENT).toEqual([BETA_IDS[1]])
    expect(await page.getByTestId('search-input').inputValue()).toBe('Bruno')
    await page.getByTestId('search-input').fill('')
  })

  const openAt = (hash: string): Promise<Page> => openPageAt(app, hash)

  it('opens the account an address names, in any case, before its view', async () => {
    const first = await openAt('#/customer/+14155559876?account=acme%20SUPPORT')
    try {
      await expect
        .poll(() => first.getByTestId('customer-name').innerText(), PATIENT)
        .toBe('John Doe')
      expect(await first.title()).toBe(`${FIRST} — Conversation Browser`)
      expect(await first.evaluate(() => window.location.hash)).toBe('#/customer/+14155559876')
    } finally {
      await first.close()
    }
    const second = await openAt(`#/search?q=Bea&account=${encodeURIComponent(SECOND)}`)
    try {
      await expect.poll(() => listedIds(second), PATIENT).toEqual([BETA_IDS[2]])
      await expectShown(second, SECOND)
      expect(await second.evaluate(() => window.location.hash)).toBe('#/search?q=Bea')
    } finally {
      await second.close()
    }
  })

  it('says so of an address naming no account, and stays on the current one', async () => {
    const page = await openAt('#/search?account=Nobody')
    try {
      await expect
        .poll(() => page.getByTestId('account-notice').innerText(), PATIENT)
        .toContain(`No account is named “Nobody”, so this shows “${SECOND}”.`)
      await expectShown(page, SECOND)
      await expectListOf(page, 'second')
      await saveScreenshotsInBothThemes(page, '84-unknown-account')
    } finally {
      await page.close()
    }
  })

  it('removes the second account after asking, its archive kept', async () => {
    const { page } = app
    await page.getByTestId('settings-button').click()
    const settings = page.getByTestId('settings-dialog')
    await settings.getByTestId('account-remove').nth(1).click()
    const dialog = page.getByTestId('remove-account-dialog')
    await dialog.waitFor()
    expect(await dialog.getByTestId('remove-account-delete-archive').isChecked()).toBe(false)
    const archive = await dialog.getByTestId('remove-account-archive').innerText()
    expect(archive).toMatch(/^Its archive is kept at .+/)
    await saveScreenshotsInBothThemes(page, '85-remove-account')
    await dialog.getByTestId('remove-account-confirm').click()
    await dialog.waitFor({ state: 'detached' })
    await expect
      .poll(() => settings.getByTestId('accounts-message').innerText(), PATIENT)
      .toBe(`Removed “${SECOND}”. ${archive}.`)
    expect(await settings.getByTestId('settings-account-name').allInnerTexts()).toEqual([FIRST])
    await settings.getByTestId('settings-close').click()
    await expectShown(page, FIRST)
    await expectListOf(page, 'first')
  })
})
