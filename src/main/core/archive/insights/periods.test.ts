import { describe, expect, it } from 'vitest'
import { dayIso, dayNumber, periodStart, periodStarts, unitFor } from './periods'

const day = (iso: string): number => dayNumber(Date.parse(`${iso}T00:00:00Z`))

describe('periods', () => {
  it('numbers UTC days, before 1970 too', () => {
    expect(dayNumber(Date.parse('1970-01-01T23:59:59.999Z'))).toBe(0)
    expect(dayNumber(Date.parse('1969-12-31T23:59:59.999Z'))).toBe(-1)
    expect(dayIso(day('2025-02-28') + 1)).toBe('2025-03-01')
  })

  it('chooses days up to a quarter, weeks up to a year, months beyond', () => {
    expect(unitFor(day('2025-01-01'), day('2025-01-01'))).toBe('day')
    expect(unitFor(day('2025-01-01'), day('2025-04-02'))).toBe('day')
    expect(unitFor(day('2025-01-01'), day('2025-04-03'))).toBe('week')
    expect(unitFor(day('2024-01-01'), day('2024-12-31'))).toBe('week')
    expect(unitFor(day('2024-01-01'), day('2025-01-01'))).toBe('month')
  })

  it('starts a week on Monday and a month on its first', () => {
    // Sunday 5 January 2025 belongs to the week of Monday 30 December 2024.
    expect(dayIso(periodStart(day('2025-01-05'), 'week'))).toBe('2024-12-30')
    expect(dayIso(periodStart(day('2025-01-06'), 'week'))).toBe('2025-01-06')
    expect(dayIso(periodStart(day('1969-12-31'), 'week'))).toBe('1969-12-29')
    expect(dayIso(periodStart(day('2024-02-29'), 'month'))).toBe('2024-02-01')
  })

  it('lists every period that meets a range, the partial ones at its ends included', () => {
    expect(periodStarts(day('2025-01-30'), day('2025-03-01'), 'month').map(dayIso)).toEqual([
      '2025-01-01',
      '2025-02-01',
      '2025-03-01'
    ])
    expect(periodStarts(day('2025-01-08'), day('2025-01-20'), 'week').map(dayIso)).toEqual([
      '2025-01-06',
      '2025-01-13',
      '2025-01-20'
    ])
  })
})
