import {
  findPhoneNumbersInText,
  getCountries,
  isSupportedCountry,
  type CountryCode
} from 'libphonenumber-js'

/**
 * The quick lookup opens the customer whose number is on the clipboard: a number copied from a
 * softphone, a CRM or an e-mail, usually among other words. Only the first valid number counts;
 * the text is read, never kept.
 */

/** More than any number with the words around it: a clipboard holding a book is not searched whole. */
export const MAX_CLIPBOARD_TEXT = 2_000

export interface PhoneInText {
  /** E.164: the customer view's address. */
  e164: string
  /** The international spelling, for people: "+1 415 555 9876". */
  display: string
}

/** A country code for libphonenumber: the setting where it is one, else the locale's region. */
export function lookupCountry(setting: string | null, locale: string): CountryCode | undefined {
  if (setting && isSupportedCountry(setting)) return setting
  const region = regionOf(locale)
  return region && isSupportedCountry(region) ? region : undefined
}

function regionOf(locale: string): string | null {
  try {
    return new Intl.Locale(locale).maximize().region ?? null
  } catch {
    return null
  }
}

/** Every country libphonenumber knows, for the Settings' choice of a default. */
export function phoneCountries(): CountryCode[] {
  return getCountries()
}

/**
 * The first valid phone number in the text. A number dialled with the 00 international prefix
 * ("0044 20 7946 0000") is read as +44 whatever the default country, since most of the world
 * dials abroad with 00 and a person copying it meant that country.
 */
export function findPhoneInText(
  text: string,
  country: CountryCode | undefined
): PhoneInText | null {
  const sample = text.slice(0, MAX_CLIPBOARD_TEXT)
  const found =
    firstValid(sample, country) ??
    firstValid(sample.replace(/(^|[^\d+])00(?=[1-9])/g, '$1+'), country)
  return found
}

function firstValid(text: string, country: CountryCode | undefined): PhoneInText | null {
  for (const match of findPhoneNumbersInText(text, country)) {
    if (match.number.isValid()) {
      return { e164: match.number.number, display: match.number.formatInternational() }
    }
  }
  return null
}

/**
 * The quick lookup's one call: the number on the clipboard, read as the Settings' country (else
 * the system's locale) says.
 */
export function phoneOnClipboard(
  text: string,
  countrySetting: string | null,
  locale: string
): PhoneInText | null {
  return findPhoneInText(text, lookupCountry(countrySetting, locale))
}
