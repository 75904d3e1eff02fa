/**
 * The API writes dates as `2025-01-25 14:30:00` without a zone; they are UTC. Servers drift, so
 * ISO-8601 forms (`T`, fractional seconds, `Z`, offsets) and a bare date are accepted too.
 * `Date.parse` is not used: it reads a zone-less date-time as local time and accepts too much.
 */
const API_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:Z|([+-])(\d{2})(?::?(\d{2}))?)?$/i

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** An API date as `Date#toISOString()` (UTC), or null when empty or not a date. */
export function parseApiDate(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const match = API_DATE.exec(value.trim())
  if (!match) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', sign, oh = '0', om = '0'] = match
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number)
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null
  // Date would roll 31 February over into March: a day the month lacks is rejected instead.
  const leapDay = month === 2 && isLeapYear(year) ? 1 : 0
  if (day < 1 || day > DAYS_IN_MONTH[month - 1] + leapDay) return null
  const offsetHours = Number(oh)
  const offsetMinutes = Number(om)
  if (offsetHours > 23 || offsetMinutes > 59) return null
  const offset = sign ? (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) : 0
  const date = new Date(0)
  // setUTCFullYear, unlike Date.UTC, does not turn years 0-99 into 1900-1999.
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute - offset, second, Number(fraction.padEnd(3, '0').slice(0, 3)))
  return date.toISOString()
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}
