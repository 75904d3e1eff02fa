import { parseArgs } from 'node:util'
import { formatReport } from './report'
import { runBenchmark } from './runBenchmark'

/**
 * npm run bench -- [--rows N] [--messages-per-conversation N] [--transcript-rows N]
 *   [--backfill-windows N] [--backfill-limit N] [--json]
 * Builds a synthetic archive of N conversations (default 1,000,000), gives the newest
 * --transcript-rows of them (default all N) transcripts of --messages-per-conversation
 * messages on average (default 10: ten million messages), and prints every figure. The
 * backfill runs --backfill-windows rate windows of a minute (default 3) at --backfill-limit
 * requests a window (default 60, the API's). Progress goes to stderr so that --json leaves
 * stdout to the one JSON object.
 */

const DEFAULT_ROWS = 1_000_000
const MIN_ROWS = 1_000

function wholeNumber(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text.replace(/[_,]/g, ''))
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`--${name} must be a whole number of at least ${min}, not "${text}".`)
  }
  return value
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      'messages-per-conversation': { type: 'string' },
      'transcript-rows': { type: 'string' },
      'backfill-windows': { type: 'string' },
      'backfill-limit': { type: 'string' },
      json: { type: 'boolean', default: false }
    }
  })
  const rows = wholeNumber('rows', values.rows, MIN_ROWS) ?? DEFAULT_ROWS
  const started = Date.now()
  const run = await runBenchmark(rows, (message) => process.stderr.write(`${message}\n`), {
    messagesPerConversation: wholeNumber(
      'messages-per-conversation',
      values['messages-per-conversation'],
      1
    ),
    transcriptConversations: wholeNumber('transcript-rows', values['transcript-rows'], 100),
    backfill: {
      windows: wholeNumber('backfill-windows', values['backfill-windows'], 1),
      limit: wholeNumber('backfill-limit', values['backfill-limit'], 1)
    }
  })
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
