import type { PeriodUnit } from '../../../../shared/model/insights'

/**
 * UTC days as whole numbers (days since 1970-01-01, as the rollup table keys them) and the
 * periods the dashboard groups them into.
 */
export const DAY_MS = 24 * 60 * 60 * 1000

/** Up to this many days a bar is a day (a quarter: 90 bars at most)... */
const MAX_DAYS_BY_DAY = 92
/** ...up to a year a week (53 bars), and beyond that a month. */
const MAX_DAYS_BY_WEEK = 366

export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS)
}

export function dayIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** The unit that keeps a range of days readable as bars. */
export function unitFor(fromDay: number, toDay: number): PeriodUnit {
  const days = toDay - fromDay + 1
  if (days <= MAX_DAYS_BY_DAY) return 'day'
  return days <= MAX_DAYS_BY_WEEK ? 'week' : 'month'
}

/** The first day of the period that holds `day`: itself, its ISO week's Monday, its month's 1st. */
export function periodStart(day: number, unit: PeriodUnit): number {
  if (unit === 'day') return day
  if (unit === 'week') {
    // 1970-01-01 was a Thursday: three days after a Monday.
    const sinceMonday = (((day + 3) % 7) + 7) % 7
    return day - sinceMonday
  }
  const date = new Date(day * DAY_MS)
  return dayNumber(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1))
}

function nextPeriod(start: number, unit: PeriodUnit): number {
  if (unit === 'day') return start + 1
  if (unit === 'week') return start + 7
  const date = new Date(start * DAY_MS)
  return dayNumber(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1))
}

/** The starts of every period that meets [fromDay, toDay], oldest first. */
export function periodStarts(fromDay: number, toDay: number, unit: PeriodUnit): number[] {
  const starts: number[] = []
  for (let start = periodStart(fromDay, unit); start <= toDay; start = nextPeriod(start, unit)) {
    starts.push(start)
  }
  return starts
}
