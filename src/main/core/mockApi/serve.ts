import { parseArgs } from 'node:util'
import { startMockApi } from './mockApiServer'

/**
 * Runs the mock API for demos and manual testing: the list and Get Conversation, transcripts
 * included, under one key and one rate limit:
 *   tsx src/main/core/mockApi/serve.ts [--port N] [--rows N] [--key K] [--latency MS]
 *     [--rate-limit N] [--seed N] [--now ISO-TIME]
 */

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value)) {
    console.error(`--${name} must be a whole number, not "${value}"`)
    process.exit(2)
  }
  return Number(value)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      rows: { type: 'string' },
      key: { type: 'string' },
      latency: { type: 'string' },
      'rate-limit': { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' }
    }
  })
  const apiKey = values.key ?? 'test-key'
  const rows = wholeNumber('rows', values.rows, 1000)
  const rateLimit = wholeNumber('rate-limit', values['rate-limit'], 0)
  const now = values.now === undefined ? undefined : new Date(values.now)
  if (now !== undefined && Number.isNaN(now.getTime())) {
    console.error(`--now must be an ISO-8601 time, not "${values.now}"`)
    process.exit(2)
  }
  const api = await startMockApi({
    apiKey,
    rows,
    port: wholeNumber('port', values.port, 0),
    seed: wholeNumber('seed', values.seed, 1),
    now,
    latencyMs: wholeNumber('latency', values.latency, 0),
    rateLimit: rateLimit > 0 ? { limit: rateLimit } : null
  })
  console.log(
    `Mock autocalls API on ${api.url} (key: ${apiKey}, ${rows} conversations with transcripts)`
  )
  const stop = (): void => {
    api.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
