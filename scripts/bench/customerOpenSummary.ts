import type { CustomerOpenSample } from './measureCustomerOpen'
import { percentile, round } from './statistics'

const CUSTOMER_CHANNEL = 'archive:customer'
const SLOWEST_SHOWN = 5

/** Where one open's time went, in ms from setting the address. */
interface OpenSplit {
  /** To the start of the customer request: routing, the view's setup, anything awaited first. */
  beforeRequest: number
  /** The customer request: the HTTP round trip and the reader thread's query. */
  request: number
  /** From the answer's last byte to the painted frame: parsing, the store, rendering, layout. */
  afterAnswer: number
}

function splitOf(sample: CustomerOpenSample): OpenSplit | null {
  const request = sample.requests.find((candidate) => candidate.channel === CUSTOMER_CHANNEL)
  if (!request) return null
  return {
    beforeRequest: request.startMs,
    request: request.endMs - request.startMs,
    afterAnswer: sample.ms - request.endMs
  }
}

function p50p95(values: readonly number[]): string {
  if (values.length === 0) return 'none'
  return `p50 ${round(percentile(values, 50), 1)} ms, p95 ${round(percentile(values, 95), 1)} ms`
}

/** The customers by how many conversations they have: a few, some, many (the list's 500 cap). */
const SIZE_GROUPS: readonly { label: string; holds: (n: number) => boolean }[] = [
  { label: '1 to 10', holds: (n) => n <= 10 },
  { label: '11 to 100', holds: (n) => n > 10 && n <= 100 },
  { label: 'over 100', holds: (n) => n > 100 }
]

/**
 * Lines for the report: the open's time split into before the customer request, the request,
 * and the renderer's work after it; the figures by customer size; other requests made while a
 * customer opened; and the slowest opens.
 */
export function describeCustomerOpens(samples: readonly CustomerOpenSample[]): string[] {
  const splits = samples.map(splitOf).filter((split): split is OpenSplit => split !== null)
  const lines = [
    `  before request     ${p50p95(splits.map((split) => split.beforeRequest))}`,
    `  customer request   ${p50p95(splits.map((split) => split.request))} (HTTP and the reader's query)`,
    `  answer to paint    ${p50p95(splits.map((split) => split.afterAnswer))}`
  ]
  for (const group of SIZE_GROUPS) {
    const members = samples.filter((sample) => group.holds(sample.conversations))
    if (members.length === 0) continue
    lines.push(
      `  ${group.label.padEnd(18)} ${members.length} customers, ${p50p95(members.map((sample) => sample.ms))}`
    )
  }
  const others = new Map<string, number>()
  for (const sample of samples) {
    for (const request of sample.requests) {
      if (request.channel !== CUSTOMER_CHANNEL) {
        others.set(request.channel, (others.get(request.channel) ?? 0) + 1)
      }
    }
  }
  const otherText = [...others].map(([channel, times]) => `${channel} ×${times}`).join(', ')
  lines.push(`  other requests     ${otherText || 'none'}`)
  const slowest = [...samples].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_SHOWN)
  for (const sample of slowest) {
    const split = splitOf(sample)
    const parts = split
      ? `${round(split.beforeRequest, 1)} + ${round(split.request, 1)} + ${round(split.afterAnswer, 1)}`
      : 'no customer request seen'
    lines.push(
      `  slow               ${round(sample.ms, 1)} ms ${sample.phone} (${sample.conversations.toLocaleString('en')} conversations: ${parts})`
    )
  }
  return lines
}
