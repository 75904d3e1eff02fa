import { parse } from 'csv-parse/sync'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Conversation } from '../../src/main/core/types'
import { saveScreenshotsInBothThemes } from './support/browser'
import { startAppUnderTest, type AppUnderTest } from './support/appUnderTest'
import { sampleConversationsWith, whatsappConversation } from './support/sampleConversations'

/** John Doe's number, and a conversation with him whose values a spreadsheet must not run. */
const JOHN_DOE_PHONE = '5559876'
const AWKWARD_ID = 'e0570001-0000-4000-8000-0000000000e1'
const AWKWARD = whatsappConversation({
  id: AWKWARD_ID,
  created_at: '2025-05-20 10:00:00',
  message_count: 2,
  total_cost: 0.0012,
  customer: { name: 'Doe, John "JD" 😀', phone: '+1 415 555 9876' },
  variables: { note: '=HYPERLINK("http://evil.example")', lines: 'one\ntwo', balance: '-12.5' }
})
const ROWS = 120

function today(): string {
  return new Date().toISOString().slice(0, 10)
}

async function activeTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)
}

async function waitForExportMessage(page: Page): Promise<string> {
  const message = page.getByTestId('export-message')
  await message.waitFor({ timeout: 20_000 })
  return message.innerText()
}

describe('export from the app', () => {
  let app: AppUnderTest

  beforeAll(async () => {
    app = await startAppUnderTest({
      conversations: sampleConversationsWith(ROWS, [AWKWARD]),
      synced: true,
      transcripts: true,
      backfill: false
    })
    await app.page.getByTestId('conversation-row').first().waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('exports the current results as CSV from the keyboard, formula cells guarded', async () => {
    const { page, savedDir } = app
    await page.getByTestId('search-input').fill(JOHN_DOE_PHONE)
    await page.getByTestId('result-count').filter({ hasText: '2 conversations' }).waitFor()

    // Opened from the keyboard; focus goes into the dialog, on the chosen scope.
    await page.getByTestId('export-button').focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Export conversations' })
    await dialog.waitFor()
    expect(await dialog.getAttribute('aria-modal')).toBe('true')
    expect(await activeTestId(page)).toBe('export-scope-filtered')
    expect(await dialog.innerText()).toContain('The current results (2 conversations)')
    await saveScreenshotsInBothThemes(page, '60-export-dialog')

    // Tab goes round inside the dialog and never reaches the page behind it.
    const reached = new Set<string | null>()
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      reached.add(await activeTestId(page))
    }
    expect(reached).toEqual(
      new Set([
        'export-close',
        'export-scope-filtered',
        'export-format-csv',
        'export-transcripts',
        'export-start'
      ])
    )
    await page.getByTestId('export-start').focus()
    await page.keyboard.press('Enter')

    const message = await waitForExportMessage(page)
    const file = join(savedDir, `conversations-${today()}.csv`)
    expect(message).toBe(`Saved 2 conversations to ${file}.`)
    await saveScreenshotsInBothThemes(page, '61-export-saved')

    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[]
    expect(rows.map((row) => row.id)).toEqual([AWKWARD_ID, '8d0f7780-8536-51ef-055c-f18fd2g01bf8'])
    expect(rows[0]).toMatchObject({
      customer_name: 'Doe, John "JD" 😀',
      customer_phone: "'+1 415 555 9876",
      'variables.note': '\'=HYPERLINK("http://evil.example")',
      'variables.lines': 'one\ntwo',
      'variables.balance': '-12.5'
    })

    // Esc closes it, and focus is back on the Export button.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await activeTestId(page)).toBe('export-button')
    // The list behind was left as it was: no shortcut acted on it.
    expect(await page.getByTestId('search-input').inputValue()).toBe(JOHN_DOE_PHONE)
  })

  it('exports everything as JSON Lines with the transcripts', async () => {
    const { page, savedDir } = app
    await page.getByTestId('export-button').click()
    await page.getByTestId('export-scope-all').check()
    await page.getByTestId('export-format-jsonl').check()
    await page.getByTestId('export-transcripts').check()
    await page.getByTestId('export-start').click()
    const total = ROWS + 3 + 1
    const file = join(savedDir, `conversations-${today()}.jsonl`)
    expect(await waitForExportMessage(page)).toBe(`Saved ${total} conversations to ${file}.`)
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Conversation & { transcript: { messages: unknown[] } })
    expect(lines).toHaveLength(total)
    const awkward = lines.find((line) => line.id === AWKWARD_ID)
    // Values exactly as archived: no formula guard in JSON Lines.
    expect(awkward?.variables).toEqual(AWKWARD.variables)
    expect(awkward?.customer).toEqual({ name: 'Doe, John "JD" 😀', phone: '+1 415 555 9876' })
    expect(lines.every((line) => Array.isArray(line.transcript?.messages))).toBe(true)
    expect(lines.find((l) => l.id === AWKWARD_ID)?.transcript.messages).toEqual(
      app.mock.transcript(AWKWARD_ID)
    )
    await page.getByTestId('export-close').click()
    expect(readdirSync(savedDir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})
