import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import {
  TRANSCRIPT_PHRASES,
  caseNumberOf,
  transcriptLanguageOf
} from '../../src/main/core/mockApi/generateTranscript'
import type { IpcResult, CountResult } from '../../src/shared/ipc/contract'
import { saveScreenshotsInBothThemes } from './support/browser'
import { conversationCount } from './support/expectedText'
import { startAppUnderTest, type AppUnderTest } from './support/appUnderTest'
import { detailTranscript, waitForTranscriptState } from './support/transcriptView'

/** Lower case without accents: how the archive's index compares words (`Église` as `eglise`). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** Whether a word of the text begins with this (folded) prefix. */
function hasWordStartingWith(text: string, prefix: string): boolean {
  const folded = fold(text)
  let at = folded.indexOf(prefix)
  while (at !== -1) {
    if (at === 0 || !/[\p{L}\p{N}]/u.test(folded.charAt(at - 1))) return true
    at = folded.indexOf(prefix, at + 1)
  }
  return false
}

interface Row {
  id: string
  snippet: string | null
  marks: string[]
}

function shownRows(page: Page): Promise<Row[]> {
  return page.getByTestId('conversation-row').evaluateAll((rows) =>
    rows.map((row) => {
      const snippet = row.querySelector('[data-testid="row-snippet"]')
      return {
        id: row.getAttribute('data-id') ?? '',
        snippet: snippet?.textContent ?? null,
        marks: [...(snippet?.querySelectorAll('mark') ?? [])].map((mark) => mark.textContent ?? '')
      }
    })
  )
}

/**
 * Types a search and waits until the list shows it: the count the archive gives for it (asked
 * through the page's own bridge) stands beside the results.
 */
async function searchFor(
  page: Page,
  text: string,
  options: { rows: boolean } = { rows: true }
): Promise<{ rows: Row[]; count: number }> {
  await page.getByTestId('search-input').fill(text)
  const answer = await page.evaluate(
    (query) =>
      (
        window as unknown as {
          api: { countConversations(q: { text: string }): Promise<unknown> }
        }
      ).api.countConversations({ text: query }),
    text.trim()
  )
  const counted = answer as IpcResult<CountResult>
  if (!counted.ok) throw new Error(`The archive refused ${text}: ${counted.error.message}`)
  const expectedText = conversationCount(counted.value.count, counted.value.capped)
  await expect
    .poll(() => page.getByTestId('result-count').innerText(), { timeout: 10_000 })
    .toBe(expectedText)
  if (counted.value.count === 0) await page.getByTestId('empty-state').waitFor()
  const rows = options.rows ? await allRows(page, counted.value.count) : []
  return { rows, count: counted.value.count }
}

/**
 * Every row of the results, read as the list scrolls: it holds only the rows in view. Left
 * scrolled back to the top.
 */
async function allRows(page: Page, count: number): Promise<Row[]> {
  if (count === 0) return []
  const list = page.getByTestId('conversation-list')
  const seen = new Map<string, Row>()
  await list.evaluate((node) => node.scrollTo({ top: 0 }))
  await expect
    .poll(
      async () => {
        if ((await page.getByTestId('empty-state').count()) > 0) return -1
        for (const row of await shownRows(page)) seen.set(row.id, row)
        if (seen.size < count)
          await list.evaluate((node) => node.scrollBy(0, node.clientHeight / 2))
        return seen.size
      },
      { timeout: 10_000, interval: 50 }
    )
    .toBe(count)
  await list.evaluate((node) => node.scrollTo({ top: 0 }))
  return [...seen.values()]
}

describe('searching the words of the archived transcripts', () => {
  let app: AppUnderTest
  const pageErrors: string[] = []

  /** The conversations a transcript predicate picks, by what the mock API serves. */
  function conversationsWhose(predicate: (content: string) => boolean): string[] {
    return app.mock
      .list()
      .filter((row) => app.mock.transcript(row.id).some((message) => predicate(message.content)))
      .map((row) => row.id)
      .sort()
  }

  beforeAll(async () => {
    // Every transcript is archived (as `sync --messages` leaves them), and none changes.
    app = await startAppUnderTest({ rows: 300, synced: true, transcripts: true, backfill: false })
    app.page.on('pageerror', (error) => pageErrors.push(error.message))
    await app.page.getByTestId('conversation-row').first().waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('finds the one conversation whose message names a case, by a quoted phrase', async () => {
    const { page, mock } = app
    // An English one with a case number, well down the list.
    const target = mock
      .list()
      .filter((row) => transcriptLanguageOf(row.id) === 'en' && Number(row.message_count) >= 3)
      .at(-5)
    expect(target).toBeDefined()
    const id = target?.id ?? ''
    const caseNumber = caseNumberOf(id)
    const position = mock.transcript(id).findIndex((m) => m.content.includes(caseNumber))
    expect(position).toBeGreaterThan(0)

    const { rows } = await searchFor(page, `"opened case ${caseNumber.toLowerCase()}"`)
    expect(rows.map((row) => row.id)).toEqual([id])
    const [row] = rows
    expect(row?.snippet).toContain(caseNumber)
    // The phrase is marked, as one or word by word.
    expect(fold(row?.marks.join(' ') ?? '').replace(/\s+/g, ' ')).toBe(
      `opened case ${fold(caseNumber)}`
    )

    // Opened from the result, the matched message is marked and in view.
    await page.locator(`[data-testid="conversation-row"][data-id="${id}"]`).click()
    const transcript = detailTranscript(page)
    await waitForTranscriptState(transcript, 'current')
    const highlighted = transcript.locator(
      '[data-testid="transcript-message"][data-highlighted="true"]'
    )
    await highlighted.waitFor()
    expect(await highlighted.getByTestId('message-content').innerText()).toContain(caseNumber)
    expect(await highlighted.isVisible()).toBe(true)
    await saveScreenshotsInBothThemes(page, '20-search-case-number')
  })

  it('matches a quoted phrase word for word, in order, and marks its words in each snippet', async () => {
    const { page } = app
    const phrase = TRANSCRIPT_PHRASES.rare
    const expected = conversationsWhose((content) => content.includes(phrase))
    expect(expected.length).toBeGreaterThan(1)

    const { rows, count } = await searchFor(page, `"${phrase}"`)
    expect(count).toBe(expected.length)
    expect(rows.map((row) => row.id).sort()).toEqual(expected)
    for (const row of rows) {
      expect(fold(row.marks.join(' ')).replace(/\s+/g, ' '), row.id).toBe(phrase)
    }
    await saveScreenshotsInBothThemes(page, '21-search-phrase')

    // The same words the other way round are no phrase of any message...
    expect((await searchFor(page, '"voucher lighthouse"')).count).toBe(0)
    // ...but both words, unquoted, are in every one of them.
    const unquoted = await searchFor(page, 'voucher lighthouse')
    expect(unquoted.rows.map((row) => row.id).sort()).toEqual(expected)
  })

  it('folds case and accents: senor finds señor, EGLISE finds Église', async () => {
    const { page } = app
    for (const [typed, word] of [
      ['senor', 'señor'],
      ['EGLISE', 'église']
    ] as const) {
      const expected = conversationsWhose((content) => hasWordStartingWith(content, fold(typed)))
      expect(expected.length, typed).toBeGreaterThan(1)
      const { rows, count } = await searchFor(page, typed)
      expect(count, typed).toBe(expected.length)
      expect(rows.map((row) => row.id).sort(), typed).toEqual(expected)
      for (const row of rows) {
        expect(row.marks.length, row.id).toBeGreaterThan(0)
        // The snippet shows the words as written, accents and capitals kept.
        for (const mark of row.marks) expect(mark.toLowerCase(), row.id).toBe(word)
      }
    }
    await saveScreenshotsInBothThemes(page, '22-search-folded')
  })

  it('finds words inside text written without spaces', async () => {
    const { page } = app
    const words = '明日の午後'
    const expected = conversationsWhose((content) => content.includes(words))
    expect(expected.length).toBeGreaterThan(1)
    const { rows } = await searchFor(page, words)
    expect(rows.map((row) => row.id).sort()).toEqual(expected)
    for (const row of rows) expect(row.marks.join(''), row.id).toBe(words)
  })

  it('takes any input as plain words: no error, and the archive still answers', async () => {
    const { page } = app
    for (const hostile of [
      '"unbalanced',
      'NEAR(',
      'NEAR(lighthouse voucher)',
      'a OR b',
      'lighthouse NOT voucher',
      "'; DROP TABLE conversations; --",
      'content:lighthouse',
      '^lighthouse',
      'voucher*',
      '*',
      '(',
      '")',
      '\\'
    ]) {
      const { count } = await searchFor(page, hostile, { rows: false })
      if (count > 0) await page.getByTestId('conversation-row').first().waitFor()
      if (hostile.includes('DROP')) await saveScreenshotsInBothThemes(page, '23-search-hostile')
      expect(await page.getByRole('alert').count(), hostile).toBe(0)
      await expect(page.getByTestId('search-input').inputValue()).resolves.toBe(hostile)
    }
    // Operators are words: as FTS5 syntax, each of these would find the phrase's conversations.
    expect((await searchFor(page, 'voucher OR qqqq')).count).toBe(0)
    expect((await searchFor(page, 'NEAR(lighthouse voucher)')).count).toBe(0)
    expect((await searchFor(page, 'lighthouse NOT voucher')).count).toBe(0)

    const again = await searchFor(page, `"${TRANSCRIPT_PHRASES.rare}"`)
    expect(again.count).toBeGreaterThan(1)
    expect(pageErrors).toEqual([])
  })
})
