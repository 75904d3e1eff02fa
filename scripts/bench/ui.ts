import { parseArgs } from 'node:util'
import { runUiBenchmark, type UiBenchmarkRun } from './runUiBenchmark'

/**
 * npm run bench:ui -- [--rows N] [--queries Q] [--json]
 * Typing a phone fragment in the search field to its results painted, in Chromium over an archive
 * of N conversations (default 1,000,000). Needs the built renderer (npx electron-vite build).
 * Progress goes to stderr so that --json leaves stdout to the one JSON object.
 */

const DEFAULT_ROWS = 1_000_000
const MIN_ROWS = 1_000
const DEFAULT_QUERIES = 120
const TARGET_P95_MS = 100

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
    `  search to paint    p50 ${run.afterSearchStartP50Ms} ms, p95 ${run.afterSearchStartP95Ms} ms (debounce excluded)`
  ].join('\n')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      queries: { type: 'string' },
      json: { type: 'boolean', default: false }
    }
  })
  const rows = parseWhole('rows', values.rows, DEFAULT_ROWS, MIN_ROWS)
  const queries = parseWhole('queries', values.queries, DEFAULT_QUERIES, 1)
  const started = Date.now()
  const run = await runUiBenchmark(rows, queries, (message) => process.stderr.write(`${message}\n`))
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
