import { describe, expect, it } from 'vitest'
import { formatPhone, phoneQueryDigits, phoneSearchKeys } from './phone'

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
