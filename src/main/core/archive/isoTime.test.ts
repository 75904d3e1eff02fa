import { describe, expect, it } from 'vitest'
import { msToIso, parseIsoMs, requireIsoMs } from './isoTime'

describe('parseIsoMs', () => {
  it.each([
    ['2025-01-25T14:30:00.000Z', '2025-01-25T14:30:00.000Z'],
    ['2025-01-25T14:30:00Z', '2025-01-25T14:30:00.000Z'],
    ['2025-01-25T14:30Z', '2025-01-25T14:30:00.000Z'],
    ['2025-01-25T16:30:00+02:00', '2025-01-25T14:30:00.000Z'],
    ['2025-01-25T09:30:00.5-0500', '2025-01-25T14:30:00.500Z']
  ])('%s is %s', (input, iso) => {
    const ms = parseIsoMs(input)
    expect(ms).not.toBeNull()
    expect(msToIso(ms!)).toBe(iso)
  })

  it.each([
    // No zone: it would be read as the local time of whichever machine reads it.
    '2025-01-25 14:30:00',
    '2025-01-25T14:30:00',
    '2025-01-25',
    '2025-02-30T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-01-01T25:00:00Z',
    'soon'
  ])('refuses %s', (input) => {
    expect(parseIsoMs(input)).toBeNull()
  })
})

describe('requireIsoMs', () => {
  it('names the value it refuses', () => {
    expect(() => requireIsoMs('2025-01-25', 'created_at of x')).toThrow(
      /created_at of x is not an ISO-8601 time/
    )
  })
})
