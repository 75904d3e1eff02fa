import { describe, expect, it } from 'vitest'
import { backoffDelay, parseRetryAfter } from './retryPolicy'

describe('backoffDelay', () => {
  const options = { baseDelayMs: 500, maxDelayMs: 30_000 }

  it('doubles the ceiling with each retry', () => {
    const top = () => 0.999999
    expect(backoffDelay(1, { ...options, random: top })).toBe(499)
    expect(backoffDelay(2, { ...options, random: top })).toBe(999)
    expect(backoffDelay(4, { ...options, random: top })).toBe(3999)
  })

  it('never exceeds the cap', () => {
    expect(backoffDelay(30, { ...options, random: () => 0.999999 })).toBe(29_999)
    expect(backoffDelay(2000, { ...options, random: () => 0.5 })).toBe(15_000)
  })

  it('draws uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0)
    expect(backoffDelay(3, { ...options, random: () => 0.25 })).toBe(500)
  })

  it('uses Math.random by default and stays in range', () => {
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, options)
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(2000)
    }
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-25T14:30:00Z')

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('1.5', now)).toBe(1500)
  })

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Sat, 25 Jan 2025 14:30:42 GMT', now)).toBe(42_000)
  })

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Sat, 25 Jan 2025 14:00:00 GMT', now)).toBe(0)
  })

  it('returns null when absent or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeNull()
    expect(parseRetryAfter(undefined, now)).toBeNull()
    expect(parseRetryAfter('', now)).toBeNull()
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter('-5', now)).toBeNull()
  })
})
