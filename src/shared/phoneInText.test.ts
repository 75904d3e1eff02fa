import { describe, expect, it } from 'vitest'
import {
  findPhoneInText,
  lookupCountry,
  MAX_CLIPBOARD_TEXT,
  phoneCountries,
  phoneOnClipboard
} from './phoneInText'

describe('findPhoneInText', () => {
  it('finds a number among words, dialled with 00 from anywhere', () => {
    const expected = { e164: '+442079460000', display: '+44 20 7946 0000' }
    const text = 'call me at 0044 20 7946 0000 tomorrow'
    expect(findPhoneInText(text, 'GB')).toEqual(expected)
    expect(findPhoneInText(text, 'US')).toEqual(expected)
    expect(findPhoneInText(text, undefined)).toEqual(expected)
  })

  it('reads a national number by the default country', () => {
    expect(findPhoneInText('Caller: (415) 555-9876', 'US')).toEqual({
      e164: '+14155559876',
      display: '+1 415 555 9876'
    })
    expect(findPhoneInText('020 7946 0000', 'GB')?.e164).toBe('+442079460000')
    // Without a country a national number names no one.
    expect(findPhoneInText('(415) 555-9876', undefined)).toBeNull()
  })

  it('takes the first valid number, and an international one whatever the country', () => {
    expect(findPhoneInText('+1 415 555 9876 or +44 20 7946 0000', 'DE')?.e164).toBe('+14155559876')
    expect(findPhoneInText('John Doe <+14155559876>', undefined)?.display).toBe('+1 415 555 9876')
  })

  it('finds nothing in text without a number', () => {
    for (const text of ['', 'order 12345 shipped on 2025-01-01', 'see you at 10:30', '0000000']) {
      expect(findPhoneInText(text, 'US'), text).toBeNull()
    }
  })

  it('reads only the start of a long clipboard', () => {
    const filler = 'x'.repeat(MAX_CLIPBOARD_TEXT)
    expect(findPhoneInText(`${filler} +14155559876`, 'US')).toBeNull()
    expect(findPhoneInText(`+14155559876 ${filler}`, 'US')?.e164).toBe('+14155559876')
  })
})

describe('lookupCountry', () => {
  it('prefers the setting, then the locale’s region, else none', () => {
    expect(lookupCountry('GB', 'en-US')).toBe('GB')
    expect(lookupCountry(null, 'en-US')).toBe('US')
    expect(lookupCountry(null, 'de')).toBe('DE')
    expect(lookupCountry('XX', 'fr-CA')).toBe('CA')
    expect(lookupCountry(null, 'not a locale!')).toBeUndefined()
  })

  it('lists the countries to choose from', () => {
    expect(phoneCountries()).toContain('GB')
    expect(phoneCountries().length).toBeGreaterThan(200)
  })
})

describe('phoneOnClipboard', () => {
  it('reads a national number as the setting says, else as the locale does', () => {
    expect(phoneOnClipboard('07400 123456', 'GB', 'en-US')?.e164).toBe('+447400123456')
    expect(phoneOnClipboard('(415) 555-9876', null, 'en-US')?.display).toBe('+1 415 555 9876')
    // The same digits are a German number to a German system.
    expect(phoneOnClipboard('(415) 555-9876', null, 'de-DE')?.e164).toBe('+494155559876')
  })
})
