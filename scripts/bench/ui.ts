import { parseArgs } from 'node:util'
import { describeCustomerOpens } from './customerOpenSummary'
import { countLongFrames } from './measureScrolling'
import { runUiBenchmark, type UiBenchmarkRun } from './runUiBenchmark'

/**
 * npm run bench:ui -- [--rows N] [--queries Q] [--archive FILE] [--json]
 * Typing a phone fragment in the search field to its results painted, then scrolling the whole
 * list, then opening customers by their address (#/customer/<phone>), in Chromium over an archive
 * of N conversations (default 1,000,000); Q phone fragments and Q customers. Needs the built renderer (npx electron-vite build).
 * --archive FILE keeps the synced archive in FILE, and a later run with the same FILE measures it
 * again without the minutes of syncing (N is then what FILE holds).
 * Progress goes to stderr so that --json leaves stdout to the one JSON object.
 */

const DEFAULT_ROWS = 1_000_000
const MIN_ROWS = 1_000
const DEFAULT_QUERIES = 120
const TARGET_P95_MS = 100
const CUSTOMER_TARGET_P95_MS = 150

function parseWhole(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback
  const value = Number(text.replace(/[_,]/g, ''))
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`--${name} must be a whole number of at least ${min}, not "${text}".`)
  }
  return value
}

function formatRun(run: UiBenchmarkRun): string {
  const { figures } = run
  const verdict = figures.typing_to_results_p95_ms <= TARGET_P95_MS ? 'met' : 'missed'
  return [
    `Typing to results painted, Chromium, ${figures.rows.toLocaleString('en')} conversations`,
    `  queries            ${figures.queries} phone fragments of 3 to 15 digits`,
    `  p50                ${figures.typing_to_results_p50_ms} ms`,
    `  p95                ${figures.typing_to_results_p95_ms} ms (target ≤ ${TARGET_P95_MS} ms: ${verdict})`,
    `  max                ${figures.typing_to_results_max_ms} ms`,
    `  p95, 3 digits      ${run.p95Ms3Digits} ms`,
    `  search to paint    p50 ${run.afterSearchStartP50Ms} ms, p95 ${run.afterSearchStartP95Ms} ms (debounce excluded)`,
    '',
    formatCustomers(run),
    '',
    formatScroll(run)
  ].join('\n')
}

function formatCustomers(run: UiBenchmarkRun): string {
  const { figures, customers } = run
  const verdict = figures.customer_open_p95_ms <= CUSTOMER_TARGET_P95_MS ? 'met' : 'missed'
  const widest = Math.max(...customers.map((sample) => sample.conversations))
  return [
    `#/customer/<phone> opened to its conversations painted`,
    `  customers          ${figures.customers_opened} (the busiest with ${widest.toLocaleString('en')} conversations)`,
    `  p50                ${figures.customer_open_p50_ms} ms`,
    `  p95                ${figures.customer_open_p95_ms} ms (target ≤ ${CUSTOMER_TARGET_P95_MS} ms: ${verdict})`,
    `  max                ${figures.customer_open_max_ms} ms`,
    ...describeCustomerOpens(customers)
  ].join('\n')
}

function formatScroll(run: UiBenchmarkRun): string {
  const { figures, scroll } = run
  const long = countLongFrames(scroll)
  const keys =
    scroll.keysScrolledPx > 0
      ? `moved the list ${scroll.keysScrolledPx.toLocaleString('en')} px`
      : 'did not move the list'
  return [
    `Scrolling the whole list, newest first (software rendering: headless Chromium, --disable-gpu)`,
    `  wheel              ${scroll.wheelSteps} steps in ${(scroll.wheelMs / 1000).toFixed(1)} s, then ${scroll.keysPressed.join(', ')} (${keys})`,
    `  frames             ${scroll.frames.timesMs.length}, of which ${scroll.frames.blankFrames} with part of the list in view blank`,
    `  frame interval     p50 ${figures.scroll_frame_p50_ms} ms, p95 ${figures.scroll_frame_p95_ms} ms, max ${figures.scroll_frame_max_ms} ms`,
    `  long frames        ${figures.scroll_long_frames} over 50 ms: ${long.wheel} under the wheel, ${long.keys} under the keys, ${long.nearPage} as a page arrived`,
    `  pages loaded       ${scroll.frames.pagesArrivedAtMs.length} while scrolling`,
    `  rows reached       ${figures.scroll_rows_reached.toLocaleString('en')} (${scroll.view.loadedRows.toLocaleString('en')} loaded), checked against the archive`,
    `  DOM rows at end    ${figures.scroll_dom_rows}`
  ].join('\n')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      queries: { type: 'string' },
      archive: { type: 'string' },
      json: { type: 'boolean', default: false }
    }
  })
  const rows = parseWhole('rows', values.rows, DEFAULT_ROWS, MIN_ROWS)
  const queries = parseWhole('queries', values.queries, DEFAULT_QUERIES, 1)
  const started = Date.now()
  const run = await runUiBenchmark(
    rows,
    queries,
    (message) => process.stderr.write(`${message}\n`),
    values.archive
  )
  process.stderr.write(`Done in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`)
  // With --json the readable report still goes to stderr: it holds the figures the object does not.
  if (values.json) {
    process.stderr.write(`${formatRun(run)}\n`)
    process.stdout.write(`${JSON.stringify(run.figures, null, 2)}\n`)
  } else {
    process.stdout.write(`${formatRun(run)}\n`)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
