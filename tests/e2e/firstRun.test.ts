import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveScreenshot } from './support/browser'
import { API_KEY, startAppUnderTest, type AppUnderTest } from './support/appUnderTest'

describe('first run', () => {
  let app: AppUnderTest

  beforeAll(async () => {
    // Slow pages, so the first sync's progress stays on screen long enough to be seen.
    app = await startAppUnderTest({ rows: 600, latencyMs: 250 })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('asks for the API key on a welcome screen', async () => {
    const { page } = app
    await page.getByTestId('welcome-screen').waitFor()
    await expect(page.getByTestId('api-key-input').isVisible()).resolves.toBe(true)
    await saveScreenshot(page, '01-welcome')
  })

  it('refuses a wrong key with a clear message and saves nothing', async () => {
    const { page, mock } = app
    await page.getByTestId('api-key-input').fill('not-the-key')
    await page.getByTestId('save-key-button').click()
    const error = page.getByTestId('welcome-error')
    await error.waitFor()
    expect(await error.innerText()).toMatch(/key/i)
    expect(mock.requests.at(-1)?.authorization).toBe('Bearer not-the-key')
    await saveScreenshot(page, '02-welcome-wrong-key')
    await expect(page.getByTestId('welcome-screen').isVisible()).resolves.toBe(true)
  })

  it('accepts the right key and starts the first sync, showing its progress', async () => {
    const { page } = app
    await page.getByTestId('api-key-input').fill(API_KEY)
    await page.getByTestId('save-key-button').click()
    const progress = page.getByTestId('sync-progress')
    await progress.waitFor()
    await page.waitForFunction(() =>
      /\d+\s*rows?/i.test(
        document.querySelector('[data-testid="sync-progress"]')?.textContent ?? ''
      )
    )
    expect(await progress.innerText()).toMatch(/page/i)
    await saveScreenshot(page, '03-first-sync-progress')
  })

  it('fills the list as the sync runs, and says when it last synced', async () => {
    const { page } = app
    await page.getByTestId('sync-last-synced').waitFor({ timeout: 30_000 })
    await page.getByTestId('conversation-row').first().waitFor()
    await expect(page.getByTestId('sync-progress').isVisible()).resolves.toBe(false)
    // The count follows the rows.
    await expect
      .poll(() => page.getByTestId('result-count').innerText(), { timeout: 10_000 })
      .toMatch(/603 conversations/)
    await saveScreenshot(page, '04-after-first-sync')
  })
})
