import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js'

/**
 * Phone numbers arrive and get typed in every spelling: `+1 (415) 555-9876`, `14155559876`,
 * `0044 20 7946 0958`, `020 7946 0958`. The archive indexes a few digit-only spellings of each
 * stored number and searches them for the digits a person typed, as a substring, so any
 * fragment of any of those spellings finds it.
 */

function digitsOf(text: string): string {
  return text.replace(/\D/g, '')
}

/** The number as libphonenumber understands it, or null when it is not a valid number. */
function parseInternational(text: string): PhoneNumber | null {
  const trimmed = text.trim()
  const digits = digitsOf(trimmed)
  if (digits === '') return null
  // A leading + or the 00 international prefix says the country code follows; a number with
  // neither is still tried as international, since the API often drops the +.
  const candidate = trimmed.startsWith('+')
    ? trimmed
    : `+${digits.startsWith('00') ? digits.slice(2) : digits}`
  const parsed = parsePhoneNumberFromString(candidate)
  return parsed?.isValid() ? parsed : null
}

/**
 * The text indexed for fragment search: the distinct digit strings under which this number can
 * be typed (as stored, E.164, and national with its trunk prefix), space-separated. A spelling
 * contained in another is left out: a substring search finds it through the longer one.
 */
export function phoneSearchKeys(phone: string | null): string | null {
  if (phone === null) return null
  const raw = digitsOf(phone)
  if (raw === '') return null
  const spellings = [raw]
  const parsed = parseInternational(phone)
  if (parsed) spellings.push(parsed.number.slice(1), digitsOf(parsed.formatNational()))
  const distinct = [...new Set(spellings)]
  const kept = distinct.filter(
    (spelling) => !distinct.some((other) => other !== spelling && other.includes(spelling))
  )
  return kept.join(' ')
}

/**
 * The digits to search for, from a person's typing in any spelling. The 00 international prefix
 * is dropped when a valid number follows it, since stored numbers carry the country code
 * without it; a `+` number is reduced to its E.164 digits, which also drops a `(0)` written
 * after the country code.
 */
export function phoneQueryDigits(input: string): string {
  const trimmed = input.trim()
  const digits = digitsOf(trimmed)
  if (trimmed.startsWith('+') || digits.startsWith('00')) {
    const parsed = parseInternational(trimmed)
    if (parsed) return parsed.number.slice(1)
  }
  return digits
}

/** For display: the international format where the number parses, else the text as given. */
export function formatPhone(phone: string | null): string {
  if (phone === null) return ''
  return parseInternational(phone)?.formatInternational() ?? phone
}

/** Whether the text says the country code follows: a leading + or the 00 international prefix. */
function namesCountry(text: string): boolean {
  const trimmed = text.trim()
  return trimmed.startsWith('+') || digitsOf(trimmed).startsWith('00')
}

/**
 * Whether `text` is `number` written the national way: its national significant number, or its
 * national form with the trunk prefix. Text that names a country is not: its country decides.
 */
function isNationalSpelling(text: string, number: PhoneNumber | null): boolean {
  if (number === null || namesCountry(text)) return false
  const digits = digitsOf(text)
  if (digits === number.nationalNumber) return true
  // Formatting is the dearer step (about 0.2 ms): only when a trunk prefix could explain it.
  return (
    digits.length > number.nationalNumber.length && digits === digitsOf(number.formatNational())
  )
}

/** Spellings of one number differ in length by a country code and an international prefix. */
const MAX_SPELLING_GAP = 5

/**
 * Whether other phone strings are the same number as `phone` (see samePhoneNumber), with
 * `phone` parsed once: a customer's number is compared with every stored candidate. A candidate
 * whose digits are too many or too few to be a spelling of it is refused without parsing
 * (libphonenumber takes about 0.1 ms a number).
 */
export function phoneMatcher(phone: string): (other: string) => boolean {
  const number = parseInternational(phone)
  const digits = digitsOf(phone)
  return (other) => {
    const otherDigits = digitsOf(other)
    if (otherDigits === '' || Math.abs(otherDigits.length - digits.length) > MAX_SPELLING_GAP) {
      return false
    }
    if (otherDigits === digits) return true
    const parsed = parseInternational(other)
    if (number !== null && parsed !== null && number.number === parsed.number) return true
    return isNationalSpelling(phone, parsed) || isNationalSpelling(other, number)
  }
}

/**
 * Whether two phone strings are the same number: `+1 (415) 555-9876`, `14155559876` and
 * `4155559876` are. Two that parse as international numbers are the same when their E.164 is;
 * one written without a country code is also the other's number when it is that number's
 * national spelling (so `4155559876` is the same as `+14155559876`, even where it would also
 * parse as a number of another country); two that parse as neither need the same digits. A
 * fragment (`555`) is no number's spelling, so it is the same only as a phone stored as `555`.
 */
export function samePhoneNumber(a: string, b: string): boolean {
  return phoneMatcher(a)(b)
}

/**
 * The digits that every spelling of this number contains, to find its candidates by substring
 * (the trigram index) before samePhoneNumber decides: the national significant number where it
 * parses, else the digits as written. Empty when there are none.
 */
export function phoneCoreDigits(phone: string): string {
  return parseInternational(phone)?.nationalNumber ?? digitsOf(phone)
}

/** The international format of a number that parses as one, else null. */
export function internationalFormat(phone: string): string | null {
  return parseInternational(phone)?.formatInternational() ?? null
}
