import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Api } from '../../src/shared/ipc/contract'
import { saveScreenshot } from './support/browser'
import { borderAndBackground, contrastRatio } from './support/contrast'
import { startAppUnderTest, type AppUnderTest } from './support/appUnderTest'

/** John Doe, the documentation's WhatsApp customer. */
const JOHN_DOE_ID = '8d0f7780-8536-51ef-055c-f18fd2g01bf8'

function rowIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('conversation-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''))
}

async function searchFor(page: Page, text: string): Promise<void> {
  await page.getByTestId('search-input').fill(text)
}

/** The sync's phase as the main process has it, through the page's own window.api. */
function syncPhase(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const { api } = window as unknown as { api: Api }
    const state = await api.getAppState()
    return state.ok ? state.value.sync.phase : state.error.message
  })
}

/** Waits until the list shows exactly these ids, in any order. */
async function waitForRows(page: Page, predicate: (ids: string[]) => boolean): Promise<string[]> {
  let ids: string[] = []
  await expect
    .poll(
      async () => {
        ids = await rowIds(page)
        return predicate(ids)
      },
      { timeout: 10_000 }
    )
    .toBe(true)
  return ids
}

describe('browsing the archive', () => {
  let app: AppUnderTest

  beforeAll(async () => {
    app = await startAppUnderTest({ rows: 400, synced: true })
    await app.page.getByTestId('conversation-row').first().waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('says when the archive was last synced, even by an earlier run', async () => {
    const lastSynced = app.page.getByTestId('sync-last-synced')
    await lastSynced.waitFor()
    expect(await lastSynced.innerText()).toMatch(/Last synced/i)
  })

  it('finds a customer by a phone fragment typed in two spellings', async () => {
    const { page } = app
    await searchFor(page, '(415) 555-9876')
    const first = await waitForRows(page, (ids) => ids.includes(JOHN_DOE_ID))
    await saveScreenshot(page, '05-phone-search')
    await searchFor(page, '')
    await waitForRows(page, (ids) => ids.length > 5)
    await searchFor(page, '5559876')
    const second = await waitForRows(page, (ids) => ids.includes(JOHN_DOE_ID))
    expect(second.sort()).toEqual(first.sort())
    // The count follows the rows: it is asked for once the typed query stands still.
    await expect
      .poll(() => page.getByTestId('result-count').innerText(), { timeout: 10_000 })
      .toMatch(new RegExp(`^${first.length} conversations?`))
  })

  it('opens a conversation in the detail pane with its fields', async () => {
    const { page } = app
    await page.locator(`[data-testid="conversation-row"][data-id="${JOHN_DOE_ID}"]`).click()
    const detail = page.getByTestId('detail-pane')
    await detail.waitFor()
    // The key fields under the name; the transcript below takes the rest of the pane.
    expect(await detail.getByTestId('detail-summary').innerText()).toMatch(
      /Support Assistant.*whatsapp.*2025.*8 messages.*\$0\.0032/s
    )
    const fields = detail.getByTestId('detail-fields')
    expect(await fields.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false)
    const [paneBox, transcriptBox] = await Promise.all([
      detail.boundingBox(),
      detail.getByTestId('transcript').boundingBox()
    ])
    expect(transcriptBox?.height ?? 0).toBeGreaterThan((paneBox?.height ?? 0) * 0.7)
    // Every field behind the disclosure.
    await fields.locator(':scope > summary').click()
    await expect(page.getByTestId('detail-id').innerText()).resolves.toContain(JOHN_DOE_ID)
    await expect(page.getByTestId('detail-customer-phone').innerText()).resolves.toMatch(
      /415.*555.*9876/
    )
    expect(await detail.innerText()).toMatch(/John Doe/)
    expect(await detail.innerText()).toMatch(/Acme Corp Support/)
    await saveScreenshot(page, '06-detail')

    // The selected row's type badge keeps a visible outline (3:1 for UI parts), in both themes.
    const badge = page
      .locator(`[data-testid="conversation-row"][data-id="${JOHN_DOE_ID}"]`)
      .locator('.badge')
    expect(
      await page
        .locator(`[data-testid="conversation-row"][data-id="${JOHN_DOE_ID}"]`)
        .getAttribute('aria-selected')
    ).toBe('true')
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      const { border, behind } = await borderAndBackground(badge)
      expect(
        contrastRatio(border, behind),
        `${colorScheme}: ${border} on ${behind}`
      ).toBeGreaterThanOrEqual(3)
    }
    await page.emulateMedia({ colorScheme: 'light' })
  })

  it('filters by type, and clears the filters', async () => {
    const { page } = app
    await searchFor(page, '')
    const all = await waitForRows(page, (ids) => ids.length > 5)
    await page.getByTestId('filter-type').selectOption('api')
    await waitForRows(page, (ids) => ids.length > 0 && ids.join() !== all.join())
    const apiIds = new Set(
      app.mock
        .list()
        .filter((c) => c.type === 'api')
        .map((c) => c.id)
    )
    expect((await rowIds(page)).every((id) => apiIds.has(id))).toBe(true)
    await saveScreenshot(page, '07-filter-type')
    await page.getByTestId('clear-filters').click()
    await waitForRows(page, (ids) => ids.join() === all.join())
  })

  it('filters by assistant', async () => {
    const { page } = app
    const assistant = page.getByTestId('filter-assistant')
    const options = await assistant
      .locator('option')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLOptionElement).value))
    const salesId = options.find((value) => value.startsWith('3f6c2b1e'))
    expect(salesId).toBeDefined()
    await assistant.selectOption(salesId ?? '')
    const expected = new Set(
      app.mock
        .list()
        .filter((c) => c.assistant_id === salesId)
        .map((c) => c.id)
    )
    await waitForRows(page, (ids) => ids.length > 0 && ids.every((id) => expected.has(id)))
    await page.getByTestId('clear-filters').click()
  })

  it('is driven by the keyboard: Ctrl+K, Up/Down, Enter', async () => {
    const { page } = app
    await page.locator('body').click({ position: { x: 5, y: 790 } })
    await page.keyboard.press('Control+k')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('search-input')
    const ids = await waitForRows(page, (list) => list.length > 3)
    const selected = (): Promise<string | null> =>
      page
        .locator('[data-testid="conversation-row"][aria-selected="true"]')
        .first()
        .getAttribute('data-id')
    await page.keyboard.press('ArrowDown')
    await expect.poll(selected).toBe(ids[0])
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowUp')
    await expect.poll(selected).toBe(ids[1])
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.getByTestId('detail-pane').getAttribute('data-id'))
      .toBe(ids[1] ?? '?')
  })

  it('syncs on Ctrl+R instead of reloading the page', async () => {
    const { page, mock } = app
    const before = mock.requests.length
    await page.evaluate(() => Object.assign(window, { notReloaded: true }))
    await page.keyboard.press('Control+r')
    await expect.poll(() => mock.requests.length).toBeGreaterThan(before)
    expect(await page.evaluate(() => 'notReloaded' in window)).toBe(true)
  })

  it('keeps every search working offline, and says it is offline', async () => {
    const { page } = app
    // The Ctrl+R sync of the test before may still run; cut off mid-way it would retry for a
    // while with the button disabled, which is a different story from going offline. Main is
    // asked, not the button: it can still be enabled before the sync's first status reaches
    // the page.
    await expect.poll(() => syncPhase(page), { timeout: 30_000 }).toBe('idle')
    await app.goOffline()
    await page.getByTestId('sync-button').click()
    await page.getByTestId('offline-banner').waitFor({ timeout: 30_000 })
    await searchFor(page, '555 9876')
    await waitForRows(page, (ids) => ids.includes(JOHN_DOE_ID))
    await page.getByTestId('filter-type').selectOption('whatsapp')
    await waitForRows(page, (ids) => ids.includes(JOHN_DOE_ID))
    await saveScreenshot(page, '08-offline')
  })
})
