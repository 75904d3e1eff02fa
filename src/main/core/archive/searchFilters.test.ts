import { describe, expect, it } from 'vitest'
import { parseFilters, parseLimit } from './searchFilters'
import { PAIR_JOIN } from './wordPairs'

describe('parseFilters', () => {
  it('has no filters for an empty query and includes removed rows', () => {
    expect(parseFilters({})).toEqual({
      customerPhoneDigits: null,
      senderPhoneDigits: null,
      type: null,
      assistantId: null,
      externalId: null,
      text: null,
      createdFrom: null,
      createdTo: null,
      removed: 'include'
    })
  })

  it('turns a bare "to" date into an exclusive bound at the next midnight (UTC)', () => {
    expect(parseFilters({ createdFrom: '2025-01-31', createdTo: '2025-01-31' })).toMatchObject({
      createdFrom: Date.parse('2025-01-31T00:00:00.000Z'),
      createdTo: { bound: Date.parse('2025-02-01T00:00:00.000Z'), inclusive: false }
    })
  })

  it('keeps a full "to" time as an inclusive bound', () => {
    expect(parseFilters({ createdTo: '2025-01-31T10:00:00+01:00' }).createdTo).toEqual({
      bound: Date.parse('2025-01-31T09:00:00.000Z'),
      inclusive: true
    })
  })

  it('reduces phone fragments to digits', () => {
    expect(parseFilters({ phone: '+1 (415) 555-9876', senderPhone: '555-1234' })).toMatchObject({
      customerPhoneDigits: '14155559876',
      senderPhoneDigits: '5551234'
    })
  })

  it('turns words into a query for each full-text index', () => {
    expect(parseFilters({ text: 'jane "thank you"' }).text).toMatchObject({
      fields: '"jane"* "thank you"',
      transcript: `"jane" AND "thank${PAIR_JOIN}you"`
    })
    expect(parseFilters({ text: ' * ' }).text).toBeNull()
  })
})

describe('parseLimit', () => {
  it('defaults to 50 and accepts 1 to 500', () => {
    expect(parseLimit(undefined)).toBe(50)
    expect(parseLimit(1)).toBe(1)
    expect(parseLimit(500)).toBe(500)
  })
})
