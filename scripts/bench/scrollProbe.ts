/**
 * Runs in the page, before the app's scripts (bundled by bundleBrowserScript): while the conversation list
 * is scrolled, records the time of every frame (requestAnimationFrame's timestamp, the frame's
 * start), whether the frame showed rows over the whole visible part of the list, and when pages of
 * results arrived, so the figures hold no Playwright round trip, a smooth figure over a blank list
 * shows as such, and a long frame can be told to follow a page or not.
 */

export interface RenderedRow {
  /** Position in the list, from the row's place in the scrolled content. */
  index: number
  id: string
}

export interface ListView {
  /** Rows the list holds so far (its content's height over the row height). */
  loadedRows: number
  /** The rows in view, first and last, by position; -1 when the list is empty. */
  firstVisibleIndex: number
  lastVisibleIndex: number
  /** Rows in the DOM, in position order. */
  rows: RenderedRow[]
  /** Every row in view is in the DOM. */
  covered: boolean
}

export interface ScrollFrames {
  /** Each frame's start, in the page's performance.now() time. */
  timesMs: number[]
  /** Frames in which part of the visible list had no row. */
  blankFrames: number
  /** When each page of results the list asked for arrived, in the same time. */
  pagesArrivedAtMs: number[]
}

export interface ScrollProbe {
  start(): void
  stop(): ScrollFrames
  view(): ListView
}

declare global {
  interface Window {
    scrollProbe: ScrollProbe
  }
}

const EMPTY_VIEW: ListView = {
  loadedRows: 0,
  firstVisibleIndex: -1,
  lastVisibleIndex: -1,
  rows: [],
  covered: true
}

function view(): ListView {
  const list = document.querySelector<HTMLElement>('[data-testid=conversation-list]')
  const content = list?.firstElementChild
  const elements = [...document.querySelectorAll<HTMLElement>('[data-testid=conversation-row]')]
  const rowHeight = elements[0]?.getBoundingClientRect().height ?? 0
  if (!list || !content || rowHeight === 0) return EMPTY_VIEW
  const contentTop = content.getBoundingClientRect().top
  const rows = elements
    .map((element) => ({
      index: Math.round((element.getBoundingClientRect().top - contentTop) / rowHeight),
      id: element.getAttribute('data-id') ?? ''
    }))
    .sort((a, b) => a.index - b.index)
  const loadedRows = Math.round(content.getBoundingClientRect().height / rowHeight)
  const firstVisibleIndex = Math.floor(list.scrollTop / rowHeight)
  const lastVisibleIndex =
    Math.min(loadedRows, Math.ceil((list.scrollTop + list.clientHeight) / rowHeight)) - 1
  const present = new Set(rows.map((row) => row.index))
  let covered = true
  for (let index = firstVisibleIndex; index <= lastVisibleIndex && covered; index++) {
    covered = present.has(index)
  }
  return { loadedRows, firstVisibleIndex, lastVisibleIndex, rows, covered }
}

const SEARCH_PATH = `/__harness/ipc/${encodeURIComponent('archive:search')}`

let frameTimes: number[] = []
let blankFrames = 0
let pageTimes: number[] = []
let running = false

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input
  return input instanceof URL ? input.href : input.url
}

const appFetch = window.fetch.bind(window)
window.fetch = async (input, init) => {
  const response = await appFetch(input, init)
  if (running && requestUrl(input).endsWith(SEARCH_PATH)) pageTimes.push(performance.now())
  return response
}

function onFrame(time: number): void {
  if (!running) return
  frameTimes.push(time)
  if (!view().covered) blankFrames++
  requestAnimationFrame(onFrame)
}

window.scrollProbe = {
  start() {
    frameTimes = []
    blankFrames = 0
    pageTimes = []
    running = true
    requestAnimationFrame(onFrame)
  },
  stop() {
    running = false
    return { timesMs: frameTimes, blankFrames, pagesArrivedAtMs: pageTimes }
  },
  view
}
