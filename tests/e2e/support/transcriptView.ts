import { expect } from 'vitest'
import type { Locator, Page } from 'playwright-core'

/** One message bubble as the page shows it. */
export interface RenderedMessage {
  /** 0 for the first message of the transcript (aria-posinset - 1). */
  index: number
  /** aria-setsize: the transcript's length, however few bubbles are in the page. */
  setSize: number
  role: string
  /** The label a screen reader reads before the text: "Customer:", "Assistant:". */
  label: string
  content: string | null
  functionCalls: string[]
  /** How far the bubble sits from its row's left and right edges, in pixels. */
  leftGap: number
  rightGap: number
}

/** The transcript in the detail pane. */
export function detailTranscript(page: Page): Locator {
  return page.getByTestId('detail-pane').getByTestId('transcript')
}

/** The bubbles of a transcript that are in the page now (a long one holds only a window). */
export function renderedMessages(transcript: Locator): Promise<RenderedMessage[]> {
  return transcript.getByRole('listitem').evaluateAll((items) =>
    items
      .map((item) => {
        const message = item.querySelector('[data-testid="transcript-message"]')
        const bubble = message?.querySelector('.bubble') ?? message
        const row = item.getBoundingClientRect()
        const box = bubble?.getBoundingClientRect() ?? row
        return {
          index: Number(item.getAttribute('aria-posinset')) - 1,
          setSize: Number(item.getAttribute('aria-setsize')),
          role: message?.getAttribute('data-role') ?? '',
          label: message?.querySelector('.visually-hidden')?.textContent?.trim() ?? '',
          content:
            message?.querySelector('[data-testid="message-content"]')?.textContent?.trim() ?? null,
          functionCalls: [
            ...(message?.querySelectorAll('[data-testid="function-call-name"]') ?? [])
          ].map((name) => name.textContent?.trim() ?? ''),
          leftGap: box.left - row.left,
          rightGap: row.right - box.right
        }
      })
      .sort((a, b) => a.index - b.index)
  )
}

/** Opens a conversation by its address, as a link or the Back button would. */
export async function openByAddress(page: Page, id: string): Promise<void> {
  await page.evaluate(
    (hash) => {
      window.location.hash = hash
    },
    `#/conversation/${encodeURIComponent(id)}`
  )
  // The pane's own id: the Details that show it are folded unless the person opened them.
  await expect
    .poll(() => page.getByTestId('detail-pane').getAttribute('data-id', { timeout: 1000 }), {
      timeout: 10_000
    })
    .toBe(id)
}

/** Waits until the transcript shows this state: a notice's kind, or 'current' for none. */
export async function waitForTranscriptState(
  transcript: Locator,
  state: string,
  timeout = 15_000
): Promise<void> {
  await expect.poll(() => transcript.getAttribute('data-state'), { timeout }).toBe(state)
}
