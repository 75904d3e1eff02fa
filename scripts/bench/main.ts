import { parseArgs } from 'node:util'
import { formatReport } from './report'
import { runBenchmark } from './runBenchmark'

/**
 * npm run bench -- [--rows N] [--json]
 * Builds a synthetic archive of N conversations (default 1,000,000) and prints every figure;
 * progress goes to stderr so that --json leaves stdout to the one JSON object.
 */

const DEFAULT_ROWS = 1_000_000
const MIN_ROWS = 1_000

function parseRows(text: string | undefined): number {
  if (text === undefined) return DEFAULT_ROWS
  const rows = Number(text.replace(/[_,]/g, ''))
  if (!Number.isInteger(rows) || rows < MIN_ROWS) {
    throw new Error(`--rows must be a whole number of at least ${MIN_ROWS}, not "${text}".`)
  }
  return rows
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string' }, json: { type: 'boolean', default: false } }
  })
  const rows = parseRows(values.rows)
  const started = Date.now()
  const run = await runBenchmark(rows, (message) => process.stderr.write(`${message}\n`))
  process.stderr.write(`Done in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`)
  const report = `${formatReport(run.figures, run.details)}\n`
  if (values.json) {
    // The table, with what each figure was measured over, still reaches a person on stderr.
    process.stderr.write(report)
    process.stdout.write(`${JSON.stringify(run.figures, null, 2)}\n`)
  } else {
    process.stdout.write(report)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
