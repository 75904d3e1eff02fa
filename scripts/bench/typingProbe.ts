/**
 * Runs in the page, before the app's scripts (bundled by bundleTypingProbe): times, inside the
 * browser, the last keydown of a typed text and the first frame painted with that text's results,
 * so the figure holds no Playwright round trip.
 *
 * "Results for the text" are known without trusting the UI's own state: the probe watches the
 * harness's `archive:search` calls and keeps the ids of the first page answered to a call that
 * started while the field already held the whole text, with no input since. The list shows those
 * results once its first rows carry exactly those ids (or the empty state, for none); the frame is
 * taken as painted when a message posted from that frame's requestAnimationFrame arrives, which is
 * after the frame's paint.
 */

export interface TypingTiming {
  keydownAt: number
  /** When the app asked for the results it showed: after its debounce. */
  searchStartedAt: number
  paintedAt: number
}

export interface TypingProbe {
  /** Starts waiting for `text`'s results; call before the text's first key. */
  arm(text: string): void
  /** When they were painted, relative to the last keydown; null after `timeoutMs`. */
  waitPainted(timeoutMs: number): Promise<TypingTiming | null>
}

declare global {
  interface Window {
    typingProbe: TypingProbe
  }
}

const SEARCH_PATH = `/__harness/ipc/${encodeURIComponent('archive:search')}`
// Enough rows to tell one result list from another; all of them are in the first screen.
const COMPARED_ROWS = 5

let lastKeydownAt = 0
let lastInputAt = Number.NEGATIVE_INFINITY
let armedText: string | null = null
let expectedIds: string[] | null = null
let expectedStartedAt = 0
let settle: ((timing: TypingTiming) => void) | null = null
let painted: Promise<TypingTiming> | null = null

function searchField(): HTMLInputElement | null {
  return document.querySelector<HTMLInputElement>('[data-testid=search-input]')
}

window.addEventListener('keydown', () => (lastKeydownAt = performance.now()), true)
window.addEventListener(
  'input',
  () => {
    lastInputAt = performance.now()
    expectedIds = null
  },
  true
)

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input
  return input instanceof URL ? input.href : input.url
}

/** A first page: the list's own query, not a next page read with a cursor. */
function isFirstPage(body: BodyInit | null | undefined): boolean {
  if (typeof body !== 'string') return false
  const { input } = JSON.parse(body) as { input?: { cursor?: string | null } | null }
  return input?.cursor === undefined || input.cursor === null
}

function idsOf(answer: unknown): string[] | null {
  const result = answer as { ok?: boolean; value?: { conversations?: { id: string }[] } }
  const rows = result.ok ? result.value?.conversations : undefined
  return rows ? rows.slice(0, COMPARED_ROWS).map((row) => row.id) : null
}

const appFetch = window.fetch.bind(window)
window.fetch = async (input, init) => {
  const startedAt = performance.now()
  const forArmedText = armedText !== null && searchField()?.value === armedText
  const response = await appFetch(input, init)
  if (forArmedText && requestUrl(input).endsWith(SEARCH_PATH) && isFirstPage(init?.body)) {
    // Read before the app reads its own copy, so the ids are known by the frame that shows them.
    void response
      .clone()
      .json()
      .then((answer: unknown) => {
        if (startedAt < lastInputAt) return
        expectedIds = idsOf(answer)
        expectedStartedAt = startedAt
      })
  }
  return response
}

function listShows(ids: readonly string[]): boolean {
  if (ids.length === 0) return document.querySelector('[data-testid=empty-state]') !== null
  const rows = document.querySelectorAll('[data-testid=conversation-row]')
  return ids.every((id, index) => rows[index]?.getAttribute('data-id') === id)
}

const afterPaint = new MessageChannel()
afterPaint.port1.onmessage = () => {
  const done = settle
  settle = null
  armedText = null
  done?.({
    keydownAt: lastKeydownAt,
    searchStartedAt: expectedStartedAt,
    paintedAt: performance.now()
  })
}

function onFrame(): void {
  if (settle === null) return
  if (expectedIds !== null && listShows(expectedIds)) {
    afterPaint.port2.postMessage(null)
    return
  }
  requestAnimationFrame(onFrame)
}

window.typingProbe = {
  arm(text) {
    armedText = text
    expectedIds = null
    painted = new Promise((resolve) => (settle = resolve))
    requestAnimationFrame(onFrame)
  },
  async waitPainted(timeoutMs) {
    const waiting = painted
    if (waiting === null) throw new Error('The typing probe was not armed.')
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(resolve, timeoutMs, null)))
    try {
      return await Promise.race([waiting, timeout])
    } finally {
      clearTimeout(timer)
      // Whether painted or timed out, this text is done with: a late frame must not settle the next.
      painted = null
      settle = null
      armedText = null
    }
  }
}
