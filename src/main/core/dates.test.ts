import { describe, expect, it } from 'vitest'
import { parseApiDate } from './dates'

describe('parseApiDate', () => {
  it('reads the API form as UTC', () => {
    expect(parseApiDate('2025-01-25 14:30:00')).toBe('2025-01-25T14:30:00.000Z')
  })

  it('accepts ISO-8601 with T, fractions, Z and offsets', () => {
    expect(parseApiDate('2025-01-25T14:30:00Z')).toBe('2025-01-25T14:30:00.000Z')
    expect(parseApiDate('2025-01-25T14:30:00.123456Z')).toBe('2025-01-25T14:30:00.123Z')
    expect(parseApiDate('2025-01-25T14:30:00.5')).toBe('2025-01-25T14:30:00.500Z')
    expect(parseApiDate('2025-01-25T14:30:00+02:00')).toBe('2025-01-25T12:30:00.000Z')
    expect(parseApiDate('2025-01-25T00:30:00-0130')).toBe('2025-01-25T02:00:00.000Z')
    expect(parseApiDate('2025-01-25T23:30:00-01')).toBe('2025-01-26T00:30:00.000Z')
    expect(parseApiDate('2025-01-25 14:30:00 +00:00')).toBe('2025-01-25T14:30:00.000Z')
  })

  it('accepts a date-time without seconds and a bare date', () => {
    expect(parseApiDate('2025-01-25 14:30')).toBe('2025-01-25T14:30:00.000Z')
    expect(parseApiDate('2025-01-25')).toBe('2025-01-25T00:00:00.000Z')
  })

  it('does not depend on the local time zone', () => {
    const before = process.env.TZ
    process.env.TZ = 'America/New_York'
    try {
      expect(parseApiDate('2025-07-01 00:00:00')).toBe('2025-07-01T00:00:00.000Z')
    } finally {
      process.env.TZ = before
    }
  })

  it('returns null for empty values', () => {
    expect(parseApiDate(null)).toBeNull()
    expect(parseApiDate(undefined)).toBeNull()
    expect(parseApiDate('')).toBeNull()
    expect(parseApiDate('   ')).toBeNull()
  })

  it('returns null for what is not a date', () => {
    for (const value of [
      'yesterday',
      '25/01/2025 14:30',
      '2025-13-01 00:00:00',
      '2025-02-29 00:00:00',
      '2025-04-31 00:00:00',
      '2025-01-25 24:00:00',
      '2025-01-25 14:60:00',
      '2025-01-25 14:30:00+25:00',
      '2025-01-25 14:30:00 UTC',
      1737815400,
      {}
    ]) {
      expect(parseApiDate(value), String(value)).toBeNull()
    }
  })

  it('knows leap years', () => {
    expect(parseApiDate('2024-02-29 12:00:00')).toBe('2024-02-29T12:00:00.000Z')
    expect(parseApiDate('2000-02-29 12:00:00')).toBe('2000-02-29T12:00:00.000Z')
    expect(parseApiDate('1900-02-29 12:00:00')).toBeNull()
  })
})
