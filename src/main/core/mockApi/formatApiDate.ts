const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))
// Neighbouring rows share a day, so the day's text is reused; toISOString is the slow part.
let cachedDay = NaN
let cachedDayText = ''

/** The API's "YYYY-MM-DD HH:MM:SS" (UTC) for a time in epoch seconds. */
export function formatApiDate(epochSeconds: number): string {
  const day = Math.floor(epochSeconds / 86_400)
  if (day !== cachedDay) {
    cachedDay = day
    cachedDayText = new Date(day * 86_400_000).toISOString().slice(0, 10) + ' '
  }
  const second = epochSeconds - day * 86_400
  return (
    cachedDayText +
    TWO_DIGITS[Math.floor(second / 3600)] +
    ':' +
    TWO_DIGITS[Math.floor(second / 60) % 60] +
    ':' +
    TWO_DIGITS[second % 60]
  )
}
