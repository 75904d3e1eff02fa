import { parseArgs } from 'node:util'
import { formatReport } from './report'
import { ROWS_PER_ACCOUNT } from './measureAccountsLookup'
import { runAccountsBenchmark, runBenchmark } from './runBenchmark'

/**
 * npm run bench -- [--rows N] [--messages-per-conversation N] [--transcript-rows N]
 *   [--backfill-windows N] [--backfill-limit N] [--account-rows N] [--only accounts] [--json]
 * Builds a synthetic archive of N conversations (default 1,000,000), gives the newest
 * --transcript-rows of them (default all N) transcripts of --messages-per-conversation
 * messages on average (default 10: ten million messages), and prints every figure. The
 * backfill runs --backfill-windows rate windows of a minute (default 3) at --backfill-limit
 * requests a window (default 60, the API's). The customer lookup across accounts syncs 5
 * accounts of --account-rows conversations each (default 200,000); --only accounts runs that
 * phase alone. Progress goes to stderr so that --json leaves stdout to the one JSON object.
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
      'account-rows': { type: 'string' },
      only: { type: 'string' },
      json: { type: 'boolean', default: false }
    }
  })
  if (values.only !== undefined && values.only !== 'accounts') {
    throw new Error(
      `--only takes "accounts" (the customer lookup across accounts), not "${values.only}".`
    )
  }
  const rows = wholeNumber('rows', values.rows, MIN_ROWS) ?? DEFAULT_ROWS
  const accounts = {
    rowsPerAccount:
      wholeNumber('account-rows', values['account-rows'], MIN_ROWS) ?? ROWS_PER_ACCOUNT
  }
  const progress = (message: string): void => void process.stderr.write(`${message}\n`)
  const started = Date.now()
  const run =
    values.only === 'accounts'
      ? await runAccountsBenchmark(progress, accounts)
      : await runBenchmark(rows, progress, {
          messagesPerConversation: wholeNumber(
            'messages-per-conversation',
            values['messages-per-conversation'],
            1
          ),
          transcriptConversations: wholeNumber('transcript-rows', values['transcript-rows'], 100),
          backfill: {
            windows: wholeNumber('backfill-windows', values['backfill-windows'], 1),
            limit: wholeNumber('backfill-limit', values['backfill-limit'], 1)
          },
          accounts
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
