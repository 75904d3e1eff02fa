import { describe, expect, it } from 'vitest'
import {
  formatPhone,
  internationalFormat,
  phoneCoreDigits,
  phoneMatcher,
  phoneQueryDigits,
  phoneSearchKeys,
  samePhoneNumber
} from './phone'

/** What the archive's trigram index does: a substring match of the digits in any key. */
function finds(stored: string, typed: string): boolean {
  const keys = phoneSearchKeys(stored)
  const digits = phoneQueryDigits(typed)
  return keys !== null && keys.split(' ').some((key) => key.includes(digits))
}

describe('phoneSearchKeys', () => {
  it('indexes E.164 digits and the national form with its trunk prefix', () => {
    expect(phoneSearchKeys('+44 20 7946 0958')).toBe('442079460958 02079460958')
  })

  it('leaves out spellings contained in another', () => {
    // The US national form 4155559876 is inside 14155559876.
    expect(phoneSearchKeys('+14155559876')).toBe('14155559876')
  })

  it('reads a number without + as international when that is valid', () => {
    expect(phoneSearchKeys('14155559876')).toBe('14155559876')
    expect(phoneSearchKeys('442079460958')).toBe('442079460958 02079460958')
  })

  it('reads the 00 international prefix', () => {
    expect(phoneSearchKeys('0044 20 7946 0958')).toBe('00442079460958 02079460958')
  })

  it('keeps the digits of a number it cannot parse', () => {
    expect(phoneSearchKeys('ext. 123')).toBe('123')
  })

  it('has nothing to index without digits', () => {
    expect(phoneSearchKeys(null)).toBeNull()
    expect(phoneSearchKeys('')).toBeNull()
    expect(phoneSearchKeys('unknown')).toBeNull()
  })
})

describe('phoneQueryDigits', () => {
  it.each([
    ['+1 (415) 555-9876', '14155559876'],
    ['4155559876', '4155559876'],
    ['555-9876', '5559876'],
    ['0044 20 7946 0958', '442079460958'],
    ['+44 (0) 20 7946 0958', '442079460958'],
    ['020 7946 0958', '02079460958'],
    ['00 12', '0012'],
    ['+1 415', '1415']
  ])('%s -> %s', (typed, digits) => {
    expect(phoneQueryDigits(typed)).toBe(digits)
  })
})

describe('every spelling finds the stored number', () => {
  it.each(['+1 (415) 555-9876', '4155559876', '555-9876', '14155559876', '(415) 555'])(
    '%s finds +14155559876 and 14155559876',
    (typed) => {
      expect(finds('+14155559876', typed)).toBe(true)
      expect(finds('14155559876', typed)).toBe(true)
    }
  )

  it.each(['020 7946 0958', '7946', '+44 20 7946 0958', '0044 20 7946 0958', '02079460958'])(
    '%s finds +44 20 7946 0958',
    (typed) => {
      expect(finds('+44 20 7946 0958', typed)).toBe(true)
    }
  )

  it('does not find a different number', () => {
    expect(finds('+14155559876', '555-1234')).toBe(false)
    expect(finds('+44 20 7946 0958', '020 7946 0959')).toBe(false)
  })
})

describe('formatPhone', () => {
  it('formats parsable numbers internationally', () => {
    expect(formatPhone('+14155559876')).toBe('+1 415 555 9876')
    expect(formatPhone('14155559876')).toBe('+1 415 555 9876')
    expect(formatPhone('00442079460958')).toBe('+44 20 7946 0958')
  })

  it('shows anything else as given', () => {
    expect(formatPhone('12')).toBe('12')
    expect(formatPhone('reception')).toBe('reception')
    expect(formatPhone(null)).toBe('')
  })
})

describe('samePhoneNumber', () => {
  it.each([
    ['+1 (415) 555-9876', '14155559876'],
    ['+1 (415) 555-9876', '4155559876'],
    ['14155559876', '4155559876'],
    ['+14155559876', '0014155559876'],
    ['+44 20 7946 0958', '020 7946 0958'],
    ['+44 20 7946 0958', '442079460958'],
    ['+44 20 7946 0958', '+44 (0)20 7946 0958'],
    ['555', '555']
  ])('%s is %s', (a, b) => {
    expect(samePhoneNumber(a, b)).toBe(true)
    expect(samePhoneNumber(b, a)).toBe(true)
  })

  it.each([
    ['+14155559876', '+14155559877'],
    ['+14155559876', '555'],
    ['+14155559876', '5559876'],
    ['+14155559876', '+441415559876'],
    // The same ten digits in two countries: both name their country, so they differ.
    ['+442079460958', '+12079460958'],
    ['', ''],
    ['n/a', 'unknown']
  ])('%s is not %s', (a, b) => {
    expect(samePhoneNumber(a, b)).toBe(false)
    expect(samePhoneNumber(b, a)).toBe(false)
  })

  it('takes digits without a country code as the national spelling of either country', () => {
    expect(samePhoneNumber('2079460958', '+442079460958')).toBe(true)
    expect(samePhoneNumber('2079460958', '+12079460958')).toBe(true)
  })
})

describe('phoneMatcher', () => {
  it('answers as samePhoneNumber, for one number against many', () => {
    const isCustomer = phoneMatcher('+1 (415) 555-9876')
    expect(
      ['14155559876', '4155559876', '0014155559876', '+14155559877', '555', '+4414155559876'].map(
        isCustomer
      )
    ).toEqual([true, true, true, false, false, false])
  })
})

describe('internationalFormat', () => {
  it('formats a number that parses, and is null for one that does not', () => {
    expect(internationalFormat('14155559876')).toBe('+1 415 555 9876')
    expect(internationalFormat('4155559876')).toBeNull()
  })
})

describe('phoneCoreDigits', () => {
  it('is the national significant number, which every spelling contains', () => {
    for (const spelling of ['+1 (415) 555-9876', '14155559876', '0014155559876']) {
      expect(phoneCoreDigits(spelling)).toBe('4155559876')
    }
    expect(phoneCoreDigits('+44 20 7946 0958')).toBe('2079460958')
  })

  it('is the digits as written for what does not parse', () => {
    expect(phoneCoreDigits('4155559876')).toBe('4155559876')
    expect(phoneCoreDigits('ext. 123')).toBe('123')
    expect(phoneCoreDigits('none')).toBe('')
  })
})
