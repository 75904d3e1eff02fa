import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Page } from 'playwright-core'
import type { ApiConversationJson } from '../../src/main/core/api/conversationSchema'
import type { Api, AppState, IpcResult } from '../../src/shared/ipc/contract'
import { startMockApi, type MockApi } from '../../src/main/core/mockApi/mockApiServer'
import { describeViolations, scanPage, THEMES } from './support/axeScan'
import { saveScreenshotsInBothThemes } from './support/browser'
import { startAppUnderTest, type AppUnderTest } from './support/appUnderTest'
import { sampleConversationsWith, whatsappConversation } from './support/sampleConversations'
import { renderedMessages, waitForTranscriptState } from './support/transcriptView'

/** John Doe, the documentation's WhatsApp customer, in the first account's archive. */
const JOHN_DOE_ID = '8d0f7780-8536-51ef-055c-f18fd2g01bf8'
const JOHN_DOE_PHONE = '+14155559876'

/** A second client's line: John Doe called it too, and so did someone else. */
const BETA_NAME = 'Beta Plumbing'
const BETA_KEY = 'e2e-beta-key-0123456789ab'
const BETA_CONVERSATIONS: ApiConversationJson[] = [
  whatsappConversation({
    id: 'be7a0001-0000-4000-8000-0000000000b1',
    created_at: '2025-06-10 09:15:00',
    message_count: 4,
    total_cost: '0.0031',
    assistant_name: 'Beta Dispatch',
    customer: { name: 'John Doe', phone: '+1 (415) 555-9876' }
  }),
  whatsappConversation({
    id: 'be7a0002-0000-4000-8000-0000000000b2',
    type: 'api',
    whatsapp_sender: null,
    created_at: '2024-08-01 15:40:00',
    message_count: 2,
    total_cost: 0.0012,
    assistant_name: 'Beta Dispatch',
    customer: { name: 'John Doe', phone: '14155559876' }
  }),
  whatsappConversation({
    id: 'be7a0003-0000-4000-8000-0000000000b3',
    created_at: '2025-02-01 10:00:00',
    message_count: 3,
    total_cost: 0.001,
    customer: { name: 'Jane Roe', phone: '+1 415 555 9877' }
  })
]
const BETA_JOHNS = BETA_CONVERSATIONS.filter((row) => row.customer?.name === 'John Doe')

function row(page: Page, id: string) {
  return page.locator(`[data-testid="customer-conversation"][data-id="${id}"]`)
}

function shownConversationIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('customer-conversation')
    .evaluateAll((rows) => rows.map((line) => line.getAttribute('data-id') ?? ''))
}

async function appState(page: Page): Promise<AppState> {
  const result = await page.evaluate(() => (window as unknown as { api: Api }).api.getAppState())
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe('the customer view across accounts', () => {
  let app: AppUnderTest
  let beta: MockApi
  /** The first account's name, as the upgrade from the one-account setup made it. */
  let firstName = ''

  beforeAll(async () => {
    app = await startAppUnderTest({
      conversations: sampleConversationsWith(40, []),
      synced: true,
      transcripts: true,
      backfill: false
    })
    beta = await startMockApi({ apiKey: BETA_KEY, conversations: BETA_CONVERSATIONS })
    const { page } = app
    await page.getByTestId('conversation-row').first().waitFor()
    firstName = (await appState(page)).accounts[0]?.name ?? ''
    // Added as a person would in Settings: the key is checked, the account becomes the current
    // one and its first sync starts. The first account is then "another account".
    const added: IpcResult<AppState> = await page.evaluate(
      ({ baseUrl, apiKey, name }) =>
        (window as unknown as { api: Api }).api.addAccount({ name, baseUrl, apiKey }),
      { baseUrl: `${beta.url}`, apiKey: BETA_KEY, name: BETA_NAME }
    )
    if (!added.ok) throw new Error(added.error.message)
    await vi.waitFor(
      async () => {
        const current = (await appState(page)).accounts.find((account) => account.current)
        expect(current?.sync.lastSyncAt).toBeTruthy()
      },
      { timeout: 20_000, interval: 200 }
    )
  }, 60_000)
  afterAll(async () => {
    await app?.close()
    await beta?.close()
  })

  it('lists both accounts’ conversations with the number, each labelled with its account', async () => {
    const { page } = app
    await page.goto(
      `${new URL(page.url()).origin}/#/customer/${encodeURIComponent(JOHN_DOE_PHONE)}`
    )
    await page.getByTestId('customer-view').waitFor()
    const toggle = page.getByRole('checkbox', { name: /All accounts/ })
    expect(await toggle.isChecked()).toBe(true)
    // Beta's two and the first account's John Doe, newest first.
    await expect
      .poll(() => shownConversationIds(page), { timeout: 10_000 })
      .toEqual([BETA_JOHNS[0]!.id, JOHN_DOE_ID, BETA_JOHNS[1]!.id])
    expect(await page.getByTestId('customer-conversation-account').allInnerTexts()).toEqual([
      BETA_NAME,
      firstName,
      BETA_NAME
    ])
    expect(await page.getByTestId('customer-accounts-searched').innerText()).toBe('2')
    expect(await page.getByTestId('customer-count').innerText()).toBe('3')
    // The label is part of what a screen reader says of the line.
    await row(page, JOHN_DOE_ID)
      .getByRole('button', { name: new RegExp(firstName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
      .waitFor()
    // "Show in list" of the other account's line says it leads to that account's list.
    expect(
      await row(page, JOHN_DOE_ID).getByTestId('customer-conversation-show').getAttribute('title')
    ).toBe(`Switches to ${firstName}`)
    // The account's name is a column of its own: the assistants after it still line up.
    const assistantLefts = await page
      .getByTestId('customer-conversation-account')
      .evaluateAll((labels) =>
        labels.map((label) => Math.round(label.nextElementSibling!.getBoundingClientRect().left))
      )
    expect(new Set(assistantLefts).size).toBe(1)
    await saveScreenshotsInBothThemes(page, '90-customer-all-accounts')

    // At 640 px wide (a 1280 px window at 200%) the labelled lines still fit: no sideways scroll.
    await page.setViewportSize({ width: 640, height: 800 })
    try {
      const overflow = await page.evaluate(() => {
        const root = document.scrollingElement ?? document.documentElement
        const main = document.querySelector('main')
        return Math.max(
          root.scrollWidth - root.clientWidth,
          main ? main.scrollWidth - main.clientWidth : 0
        )
      })
      expect(overflow).toBeLessThanOrEqual(0)
      // Nor does a line's content run under its "Show in list".
      const spills = await page
        .getByTestId('customer-conversation-toggle')
        .evaluateAll((toggles) => toggles.map((toggle) => toggle.scrollWidth - toggle.clientWidth))
      expect(spills.every((spill) => spill <= 0)).toBe(true)
      await saveScreenshotsInBothThemes(page, '94-customer-all-accounts-640')
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 })
    }
  })

  it('opens the other account’s conversation with its transcript from that account', async () => {
    const { page, mock } = app
    const item = row(page, JOHN_DOE_ID)
    await item.getByTestId('customer-conversation-toggle').click()
    const transcript = item.getByTestId('transcript')
    await waitForTranscriptState(transcript, 'current')
    const expected = mock.transcript(JOHN_DOE_ID)
    const shown = await renderedMessages(transcript)
    expect(shown.map((message) => message.content ?? '')).toEqual(
      expected.map((message) => message.content)
    )
    await saveScreenshotsInBothThemes(page, '91-customer-other-account-transcript')
    for (const theme of THEMES) {
      const result = await scanPage(page, 'customer across accounts', theme)
      expect(describeViolations(result, ['critical', 'serious'])).toEqual([])
    }
  })

  it('keeps the choice in the address: the current account alone, and back', async () => {
    const { page } = app
    await page.getByRole('checkbox', { name: /All accounts/ }).uncheck()
    await expect
      .poll(() => page.evaluate(() => window.location.hash))
      .toMatch(/[?&]accounts=current/)
    await expect.poll(() => shownConversationIds(page)).toEqual(BETA_JOHNS.map((line) => line.id))
    expect(await page.getByTestId('customer-conversation-account').count()).toBe(0)
    expect(await page.getByTestId('customer-accounts-searched').count()).toBe(0)
    await saveScreenshotsInBothThemes(page, '92-customer-current-account')

    // A reload (a link to this address) keeps it.
    await page.reload()
    await expect
      .poll(() => shownConversationIds(page), { timeout: 10_000 })
      .toEqual(BETA_JOHNS.map((line) => line.id))
    expect(await page.getByRole('checkbox', { name: /All accounts/ }).isChecked()).toBe(false)
  })

  it('shows the other account’s conversation in its own list, switching to that account', async () => {
    const { page } = app
    await page.getByRole('checkbox', { name: /All accounts/ }).check()
    await row(page, JOHN_DOE_ID).waitFor()
    await row(page, JOHN_DOE_ID).getByTestId('customer-conversation-show').click()
    await expect
      .poll(() => page.evaluate(() => window.location.hash))
      .toBe(`#/search?open=${JOHN_DOE_ID}`)
    await expect
      .poll(async () => (await appState(page)).accounts.find((a) => a.current)?.name)
      .toBe(firstName)
    // The detail pane shows it, its id under the closed "Details".
    await expect.poll(() => page.getByTestId('detail-id').textContent()).toBe(JOHN_DOE_ID)
    await saveScreenshotsInBothThemes(page, '93-customer-show-in-other-account')
  })
})
