import { describe, expect, it } from 'vitest'
import {
  formatCost,
  formatCount,
  formatDuration,
  formatLocalDate,
  formatLocalDateTime,
  formatMegabytes,
  formatRelativeTime,
  utcTitle
} from './format'

describe('formatCost', () => {
  it('shows dollars with cents, and sub-cent costs with enough digits', () => {
    expect(formatCost(12.5)).toBe('$12.50')
    expect(formatCost(0.0042)).toBe('$0.0042')
    expect(formatCost(0.1)).toBe('$0.10')
    expect(formatCost(null)).toBe('—')
  })
})

describe('formatCount', () => {
  it('says one, many, and capped counts', () => {
    expect(formatCount(1, false)).toBe('1 conversation')
    expect(formatCount(2345, false)).toBe('2,345 conversations')
    expect(formatCount(10000, true)).toBe('10,000+ conversations')
    expect(formatCount(0, false)).toBe('0 conversations')
  })
})

describe('dates', () => {
  it('gives the exact UTC instant as a title', () => {
    expect(utcTitle('2025-03-04T05:06:07Z')).toBe('2025-03-04T05:06:07.000Z (UTC)')
    expect(utcTitle(null)).toBe('')
  })

  it('formats local date-times and leaves unparsable text as it is', () => {
    expect(formatLocalDateTime('2025-03-04T05:06:07Z', 'en-US')).toMatch(/2025/)
    expect(formatLocalDateTime('not a date')).toBe('not a date')
    expect(formatLocalDateTime(null)).toBe('—')
  })

  it('keeps one formatter per locale: each locale formats in its own way, every time', () => {
    const iso = '2025-03-04T05:06:07Z'
    const american = formatLocalDateTime(iso, 'en-US')
    const german = formatLocalDateTime(iso, 'de-DE')
    expect(german).not.toBe(american)
    expect(formatLocalDateTime(iso, 'en-US')).toBe(american)
    expect(formatLocalDate(iso, 'de-DE')).toMatch(/2025/)
    expect(formatLocalDate(iso, 'de-DE')).not.toBe(formatLocalDate(iso, 'en-US'))
    expect(formatLocalDate('2025-03-05T12:00:00Z', 'en-US')).toBe('Mar 5, 2025')
  })

  it('says how long ago, in words', () => {
    const now = new Date('2025-03-04T12:00:00Z')
    expect(formatRelativeTime('2025-03-04T11:59:50Z', now)).toBe('just now')
    expect(formatRelativeTime('2025-03-04T11:55:00Z', now)).toBe('5 minutes ago')
    expect(formatRelativeTime('2025-03-04T09:00:00Z', now)).toBe('3 hours ago')
    expect(formatRelativeTime('2025-03-03T09:00:00Z', now)).toBe('yesterday')
    expect(formatRelativeTime('2025-03-01T12:00:00Z', now)).toBe('3 days ago')
  })

  it('shows sizes in megabytes', () => {
    expect(formatMegabytes(3_145_728)).toBe('3.0 MB')
  })
})

describe('formatDuration', () => {
  it('rounds a long wait to the largest unit that reads naturally', () => {
    expect(formatDuration(10_000)).toBe('less than a minute')
    expect(formatDuration(60_000)).toBe('1 minute')
    expect(formatDuration(45 * 60_000)).toBe('45 minutes')
    expect(formatDuration(5 * 3_600_000)).toBe('5 hours')
    expect(formatDuration(11.5 * 86_400_000)).toBe('12 days')
    expect(formatDuration(2_000 * 86_400_000)).toBe('2,000 days')
  })
})
