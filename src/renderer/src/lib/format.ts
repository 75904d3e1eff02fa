const usdCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })
// Sub-dollar costs are often fractions of a cent: show enough digits to tell them apart.
const usdFine = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 5
})

export function formatCost(cost: number | null): string {
  if (cost === null) return '—'
  return Math.abs(cost) < 1 ? usdFine.format(cost) : usdCents.format(cost)
}

const integer = new Intl.NumberFormat('en-US')

export function formatCount(count: number, capped: boolean): string {
  const noun = count === 1 && !capped ? 'conversation' : 'conversations'
  return `${integer.format(count)}${capped ? '+' : ''} ${noun}`
}

export function formatInteger(value: number): string {
  return integer.format(value)
}

/**
 * One formatter per locale and style, made on first use: making an Intl.DateTimeFormat costs
 * about 0.2 ms, which a customer's 500 conversation dates paid 500 times over (100 ms and more
 * of opening the view). The system's time zone is read when a formatter is made, so a change of
 * zone while the app runs shows from the next start.
 */
function dateFormats(
  options: Intl.DateTimeFormatOptions
): (locale: string | undefined) => Intl.DateTimeFormat {
  const byLocale = new Map<string | undefined, Intl.DateTimeFormat>()
  return (locale) => {
    let format = byLocale.get(locale)
    if (!format) {
      format = new Intl.DateTimeFormat(locale, options)
      byLocale.set(locale, format)
    }
    return format
  }
}

const dateTimeFormat = dateFormats({ dateStyle: 'medium', timeStyle: 'short' })
const dateOnlyFormat = dateFormats({ dateStyle: 'medium' })

export function formatLocalDateTime(iso: string | null, locale?: string): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return dateTimeFormat(locale).format(date)
}

export function formatLocalDate(iso: string | null, locale?: string): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return dateOnlyFormat(locale).format(date)
}

/** The exact UTC instant, for a hover title next to a local time. */
export function utcTitle(iso: string | null): string {
  if (!iso) return ''
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString()} (UTC)`
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000]
]

export function formatRelativeTime(iso: string, now: Date, locale = 'en'): string {
  const elapsed = now.getTime() - new Date(iso).getTime()
  if (elapsed < 45_000) return 'just now'
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  for (const [unit, size] of UNITS) {
    if (elapsed >= size) return format.format(-Math.floor(elapsed / size), unit)
  }
  return format.format(-1, 'minute')
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`
}

export function formatRate(rowsPerSecond: number): string {
  return `${integer.format(Math.round(rowsPerSecond))} rows/s`
}

/**
 * A long wait in the largest unit that reads naturally, rounded: "about 11 days" is honest where
 * "11 days 13 hours" would claim a precision a rate-limited estimate does not have.
 */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes < 1) return 'less than a minute'
  if (minutes < 90) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`
  const hours = Math.round(ms / 3_600_000)
  if (hours < 48) return `${hours} hours`
  return `${integer.format(Math.round(ms / 86_400_000))} days`
}
