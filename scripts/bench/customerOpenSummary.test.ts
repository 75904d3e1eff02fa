import { describe, expect, it } from 'vitest'
import { describeCustomerOpens } from './customerOpenSummary'
import type { CustomerOpenSample } from './measureCustomerOpen'

function sample(phone: string, conversations: number, ms: number, start: number, end: number) {
  return {
    phone,
    conversations,
    ms,
    requests: [{ channel: 'archive:customer', startMs: start, endMs: end }]
  } satisfies CustomerOpenSample
}

describe('describeCustomerOpens', () => {
  it('splits each open into before the request, the request and the paint, by size, slowest first', () => {
    const lines = describeCustomerOpens([
      sample('+1 1', 3, 50, 5, 25),
      sample('+1 2', 40, 60, 10, 30),
      {
        ...sample('+1 3', 500, 300, 20, 60),
        requests: [
          { channel: 'archive:filterOptions', startMs: 1, endMs: 4 },
          { channel: 'archive:customer', startMs: 20, endMs: 60 }
        ]
      }
    ])
    expect(lines).toContain('  before request     p50 10 ms, p95 20 ms')
    expect(lines).toContain(
      "  customer request   p50 20 ms, p95 40 ms (HTTP and the reader's query)"
    )
    expect(lines).toContain('  answer to paint    p50 30 ms, p95 240 ms')
    expect(lines).toContain('  1 to 10            1 customers, p50 50 ms, p95 50 ms')
    expect(lines).toContain('  over 100           1 customers, p50 300 ms, p95 300 ms')
    expect(lines).toContain('  other requests     archive:filterOptions ×1')
    const slow = lines.filter((line) => line.startsWith('  slow'))
    expect(slow[0]).toBe('  slow               300 ms +1 3 (500 conversations: 20 + 40 + 240)')
    expect(slow).toHaveLength(3)
  })

  it('says when a customer request was not seen, and that no other request was made', () => {
    const lines = describeCustomerOpens([{ phone: '+1 9', conversations: 1, ms: 40, requests: [] }])
    expect(lines).toContain('  before request     none')
    expect(lines).toContain('  other requests     none')
    expect(lines.at(-1)).toBe(
      '  slow               40 ms +1 9 (1 conversations: no customer request seen)'
    )
  })
})
