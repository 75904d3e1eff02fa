import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveScreenshot, saveScreenshotsInBothThemes } from './support/browser'
import { startAppUnderTest, type AppUnderTest } from './support/appUnderTest'
import { sampleConversationsWith, whatsappConversation } from './support/sampleConversations'
import {
  detailTranscript,
  openByAddress,
  renderedMessages,
  waitForTranscriptState
} from './support/transcriptView'

/** John Doe, the documentation's WhatsApp customer: 8 messages, the last with a function call. */
const JOHN_DOE_ID = '8d0f7780-8536-51ef-055c-f18fd2g01bf8'
/** A conversation of 1,200 messages, to scroll. */
const LONG_ID = '1200a000-0000-4000-8000-00000000long'
const LONG = whatsappConversation({
  id: LONG_ID,
  created_at: '2025-06-30 09:00:00',
  updated_at: '2025-06-30 11:40:00',
  message_count: 1200,
  total_cost: 0.52,
  customer: { name: 'Patient Talker', phone: '+14155550123' }
})

describe('a conversation’s transcript in the detail pane', () => {
  let app: AppUnderTest

  beforeAll(async () => {
    // No transcript is archived yet, and none is fetched in the background: each one opened is
    // fetched then, so the fetching can be watched.
    app = await startAppUnderTest({
      conversations: sampleConversationsWith(200, [LONG]),
      synced: true,
      backfill: false
    })
    await app.page.getByTestId('conversation-row').first().waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('says it is fetching a transcript, then shows it as bubbles by speaker', async () => {
    const { page, mock } = app
    const expected = mock.transcript(JOHN_DOE_ID)
    expect(expected).toHaveLength(8)
    // Slow answers, so the fetch stays on screen long enough to be seen.
    mock.setLatency(1500)
    await page.getByTestId('search-input').fill('5559876')
    await page.locator(`[data-testid="conversation-row"][data-id="${JOHN_DOE_ID}"]`).click()
    const transcript = detailTranscript(page)
    await waitForTranscriptState(transcript, 'fetching', 5000)
    expect(await transcript.getAttribute('aria-busy')).toBe('true')
    expect(await transcript.getByTestId('transcript-notice').innerText()).toMatch(/fetching/i)
    await saveScreenshot(page, '10-transcript-fetching')

    await waitForTranscriptState(transcript, 'current')
    mock.setLatency(0)
    expect(await transcript.getAttribute('aria-busy')).toBe('false')
    expect(await transcript.getByTestId('transcript-count').innerText()).toBe('8 messages')
    expect(await transcript.getByTestId('transcript-fetched-at').innerText()).toMatch(
      /archived .*\d/
    )
    // Fetched just now: the line's exact instant is in its title.
    const title =
      (await transcript.getByTestId('transcript-fetched-at').getAttribute('title')) ?? ''
    expect(Date.now() - Date.parse(title.replace(' (UTC)', ''))).toBeLessThan(60_000)

    const shown = await renderedMessages(transcript)
    expect(shown.map((message) => message.index)).toEqual(expected.map((_, index) => index))
    expect(shown.every((message) => message.setSize === 8)).toBe(true)
    expect(shown.map((message) => message.role)).toEqual(expected.map((message) => message.role))
    expect(shown[0]?.content).toBe(expected[0]?.content)
    expect(shown[0]?.label).toBe('Customer:')
    expect(shown[1]?.label).toBe('Assistant:')
    shown.forEach((message, index) => {
      expect(message.content ?? '').toBe(expected[index]?.content)
    })
    // The customer on the left, the assistant on the right.
    for (const message of shown) {
      const [near, far] =
        message.role === 'user'
          ? [message.leftGap, message.rightGap]
          : [message.rightGap, message.leftGap]
      expect(near, `${message.role} bubble ${message.index}`).toBeLessThan(20)
      expect(far, `${message.role} bubble ${message.index}`).toBeGreaterThan(40)
    }
  })

  it('folds a function call, and unfolds it to its arguments and result, pretty-printed', async () => {
    const { page, mock } = app
    const call = mock.transcript(JOHN_DOE_ID)[7]?.function_calls?.[0] as {
      name: string
      arguments: unknown
      result: unknown
    }
    expect(call.name).toBe('create_lead')
    const details = detailTranscript(page).getByTestId('function-call')
    await expect.poll(() => details.count()).toBe(1)
    expect(await details.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false)
    expect(await details.getByTestId('function-call-arguments').isVisible()).toBe(false)
    const summary = details.locator('summary')
    expect((await summary.innerText()).replace(/\s+/g, ' ').trim()).toBe(
      'Function call: create_lead'
    )

    await summary.click()
    await details.getByTestId('function-call-arguments').waitFor()
    expect(await details.getByTestId('function-call-arguments').textContent()).toBe(
      JSON.stringify(call.arguments, null, 2)
    )
    expect(await details.getByTestId('function-call-result').textContent()).toBe(
      JSON.stringify(call.result, null, 2)
    )
    await details.scrollIntoViewIfNeeded()
    await saveScreenshotsInBothThemes(page, '11-transcript')

    await summary.click()
    await expect
      .poll(() => details.evaluate((node) => (node as HTMLDetailsElement).open))
      .toBe(false)
  })

  it('saves the transcript as JSON and as text, whole', async () => {
    const { page, mock, savedDir } = app
    const transcript = detailTranscript(page)
    const message = transcript.getByTestId('transcript-save-message')
    await transcript.getByTestId('transcript-save-json').click()
    await expect.poll(() => message.innerText()).toBe('Saved.')
    const saved = JSON.parse(
      readFileSync(join(savedDir, `transcript-${JOHN_DOE_ID}.json`), 'utf8')
    ) as { id: string; fetched_at: string; messages: unknown }
    expect(saved.id).toBe(JOHN_DOE_ID)
    expect(Number.isNaN(Date.parse(saved.fetched_at))).toBe(false)
    expect(saved.messages).toEqual(mock.transcript(JOHN_DOE_ID))

    await transcript.getByTestId('transcript-save-text').click()
    const textFile = join(savedDir, `transcript-${JOHN_DOE_ID}.txt`)
    await expect.poll(() => existsSync(textFile)).toBe(true)
    await expect.poll(() => message.innerText()).toBe('Saved.')
    const lines = readFileSync(textFile, 'utf8').split('\n')
    expect(lines[0]).toBe(`Transcript of conversation ${JOHN_DOE_ID}`)
    expect(lines).toContain(`Customer: ${mock.transcript(JOHN_DOE_ID)[0]?.content}`)
    expect(lines.some((line) => line.includes('function create_lead'))).toBe(true)
  })

  it('scrolls a transcript of 1,200 messages, holding only a window of them in the page', async () => {
    const { page, mock } = app
    const expected = mock.transcript(LONG_ID)
    expect(expected).toHaveLength(1200)
    await openByAddress(page, LONG_ID)
    const transcript = detailTranscript(page)
    await expect
      .poll(
        () =>
          transcript
            .getByTestId('transcript-count')
            .innerText()
            .catch(() => ''),
        {
          timeout: 15_000
        }
      )
      .toBe('1,200 messages')
    await waitForTranscriptState(transcript, 'current')
    const bubbles = transcript.getByTestId('transcript-message')
    const atTop = await renderedMessages(transcript)
    expect(atTop[0]?.index).toBe(0)
    expect(atTop[0]?.content).toBe(expected[0]?.content)
    expect(atTop.every((message) => message.setSize === 1200)).toBe(true)
    expect(await bubbles.count()).toBeLessThan(60)

    // Scrolled to the end, as the End key or a long drag would: the virtualizer measures rows
    // as they render, so the end may move a few times before it stays.
    const list = transcript.getByTestId('transcript-messages')
    await expect
      .poll(
        async () => {
          await list.evaluate((node) => node.scrollTo({ top: node.scrollHeight }))
          const shown = await renderedMessages(transcript)
          return shown.at(-1)?.index
        },
        { timeout: 10_000 }
      )
      .toBe(1199)
    const last = (await renderedMessages(transcript)).at(-1)
    const lastExpected = expected[1199]
    expect(last?.role).toBe(lastExpected?.role)
    expect(last?.content ?? '').toBe(lastExpected?.content)
    expect(last?.functionCalls).toEqual(
      (lastExpected?.function_calls ?? []).map((call) => (call as { name: string }).name)
    )
    const lastBubble = bubbles.last()
    expect(await lastBubble.isVisible()).toBe(true)
    const [bubbleBox, listBox] = await Promise.all([lastBubble.boundingBox(), list.boundingBox()])
    expect(
      bubbleBox && listBox && bubbleBox.y + bubbleBox.height <= listBox.y + listBox.height + 1
    ).toBe(true)
    expect(await bubbles.count()).toBeLessThan(60)
    await saveScreenshot(page, '12-long-transcript-end')
  })

  it('offline, the transcript open stays, with when it was archived', async () => {
    const { page } = app
    await openByAddress(page, JOHN_DOE_ID)
    const transcript = detailTranscript(page)
    await waitForTranscriptState(transcript, 'current')
    await app.goOffline()
    await page.getByTestId('sync-button').click()
    await page.getByTestId('offline-banner').waitFor({ timeout: 30_000 })
    expect(await transcript.getByTestId('transcript-message').count()).toBe(8)
    expect(await transcript.getByTestId('transcript-fetched-at').innerText()).toMatch(
      /archived .*\d/
    )
  })

  it('offline, the transcript open says it is the archived copy, and from when', async () => {
    const { page } = app
    const transcript = detailTranscript(page)
    await page.getByTestId('offline-banner').waitFor()
    const archivedAt = (await transcript.getByTestId('transcript-fetched-at').innerText())
      .replace(/^·\s*archived\s*/, '')
      .trim()
    await waitForTranscriptState(transcript, 'offline', 3000)
    const notice = await transcript.getByTestId('transcript-notice').innerText()
    expect(notice).toMatch(/offline/i)
    expect(notice).toContain(archivedAt)
  })

  it('offline after the window reloads, an archived transcript says it is the archived copy, and one never fetched says when it will be', async () => {
    const { page } = app
    await page.reload()
    await page.getByTestId('conversation-row').first().waitFor()
    // The window learns it is offline from the sync that failed before it reloaded.
    await page.getByTestId('offline-banner').waitFor()
    await openByAddress(page, JOHN_DOE_ID)
    const transcript = detailTranscript(page)
    await waitForTranscriptState(transcript, 'offline')
    expect(await transcript.getByTestId('transcript-notice').innerText()).toMatch(
      /offline.*archived.*\d/i
    )
    expect(await transcript.getByTestId('transcript-message').count()).toBe(8)
    await saveScreenshot(page, '13-transcript-offline')

    const neverOpened = app.mock.list().find((row) => row.id !== JOHN_DOE_ID && row.id !== LONG_ID)
    await openByAddress(page, neverOpened?.id ?? '?')
    await waitForTranscriptState(transcript, 'not-fetched-offline')
    expect(await transcript.getByTestId('transcript-notice').innerText()).toMatch(
      /not fetched yet.*online/i
    )
    expect(await transcript.getByTestId('transcript-message').count()).toBe(0)
  })
})
