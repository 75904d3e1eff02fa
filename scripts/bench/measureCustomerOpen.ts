import type Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { CUSTOMER_CONVERSATION_LIMIT } from '../../src/shared/model/customer'
import { formatPhone } from '../../src/shared/phone'
import { IPC_PREFIX } from '../harness/harnessProtocol'
import { between, seededRandom } from './random'

/** One request the page made to the app while a customer opened (from Resource Timing). */
export interface CustomerOpenRequest {
  /** The IPC channel, e.g. `archive:customer`. */
  channel: string
  /** From setting the address to the request's start, and to its answer's last byte. */
  startMs: number
  endMs: number
}

export interface CustomerOpenSample {
  phone: string
  conversations: number
  /** From setting `#/customer/<phone>` to the frame that shows that customer's conversations. */
  ms: number
  /** The requests made to the app from setting the address to that frame. */
  requests: CustomerOpenRequest[]
}

const PAINT_TIMEOUT_MS = 15_000

/**
 * The numbers to open: the customers with the most conversations (the widest look-ups) and the
 * rest drawn at random from the archive's rows, as a caller could be anyone.
 */
export function pickCustomers(db: Database.Database, count: number, seed: number): string[] {
  const busiest = db
    .prepare<[number], string>(
      `SELECT customer_phone FROM conversations WHERE customer_phone IS NOT NULL
       GROUP BY customer_phone_id ORDER BY count(*) DESC LIMIT ?`
    )
    .pluck()
    .all(Math.ceil(count / 5))
  const maxRowid = db.prepare('SELECT max(rowid) FROM conversations').pluck().get() as number
  const phoneAt = db
    .prepare<[number], string | null>('SELECT customer_phone FROM conversations WHERE rowid = ?')
    .pluck()
  const random = seededRandom(seed)
  const picked = new Set(busiest)
  for (let attempt = 0; picked.size < count && attempt < count * 50; attempt++) {
    const phone = phoneAt.get(between(random, 1, maxRowid))
    if (phone) picked.add(phone)
  }
  return [...picked]
}

/**
 * Runs in the page: sets the address, then waits frame by frame for the customer's number and
 * conversations (or the "no conversation" line) in the document, and answers the time to the
 * frame after that. The list only draws the lines in view, so the view must be full: every line
 * listed is drawn, or the drawn ones reach the bottom of the view. Plain JavaScript in a string:
 * tsx would wrap a named function of a TypeScript callback in a helper (`__name`) the page does
 * not have.
 */
const OPEN_AND_TIME = `(({ hash, display, timeoutMs, ipcPrefix, listLimit }) => new Promise((resolve) => {
  performance.setResourceTimingBufferSize(10000)
  const started = performance.now()
  window.location.hash = hash
  function viewFilled(list, count) {
    if (list.matches('[data-testid="customer-empty"]')) return true
    const lines = list.querySelectorAll('[data-testid="customer-conversation"]')
    if (lines.length === Math.min(count, listLimit)) return true
    const view = document.querySelector('[data-testid="customer-view"]')
    const last = lines[lines.length - 1]
    return Boolean(view && last) &&
      last.getBoundingClientRect().bottom >= view.getBoundingClientRect().bottom
  }
  function check() {
    const shown = document.querySelector('[data-testid="customer-phone"]')?.textContent
    const list = document.querySelector(
      '[data-testid="customer-conversations"], [data-testid="customer-empty"]'
    )
    const count = document.querySelector('[data-testid="customer-count"]')?.textContent
    if (shown && shown.trim() === display && list && count &&
        viewFilled(list, Number(count.replace(/\\D/g, '')))) {
      requestAnimationFrame(() => {
        const ms = performance.now() - started
        const requests = performance.getEntriesByType('resource')
          .filter((entry) => entry.startTime >= started && entry.name.includes(ipcPrefix))
          .map((entry) => ({
            channel: decodeURIComponent(entry.name.slice(entry.name.indexOf(ipcPrefix) + ipcPrefix.length)),
            startMs: entry.startTime - started,
            endMs: entry.responseEnd - started
          }))
        performance.clearResourceTimings()
        resolve({ ms, conversations: Number(count.replace(/\\D/g, '')), requests })
      })
    } else if (performance.now() - started > timeoutMs) resolve(null)
    else requestAnimationFrame(check)
  }
  check()
}))`

/**
 * Opens each customer's address in the running page and takes the in-page time to the frame
 * after their conversations are in the document under their own number: what a link, the quick
 * lookup or a typed address costs.
 */
export async function measureCustomerOpen(
  page: Page,
  phones: readonly string[]
): Promise<CustomerOpenSample[]> {
  const samples: CustomerOpenSample[] = []
  for (const phone of phones) {
    const args = {
      hash: `#/customer/${encodeURIComponent(phone)}`,
      display: formatPhone(phone),
      timeoutMs: PAINT_TIMEOUT_MS,
      ipcPrefix: IPC_PREFIX,
      listLimit: CUSTOMER_CONVERSATION_LIMIT
    }
    const result = (await page.evaluate(`${OPEN_AND_TIME}(${JSON.stringify(args)})`)) as Omit<
      CustomerOpenSample,
      'phone'
    > | null
    if (!result) throw new Error(`The customer view of ${phone} was not painted in time.`)
    samples.push({ phone, ...result })
  }
  return samples
}
