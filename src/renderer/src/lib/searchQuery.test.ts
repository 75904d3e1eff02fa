import { describe, expect, it } from 'vitest'
import {
  buildSearchQuery,
  classifySearchInput,
  emptyFilters,
  hasActiveFilters,
  queryAtInstant
} from './searchQuery'

describe('classifySearchInput', () => {
  it.each([
    ['(415) 555-9876', 'phone'],
    ['+1 415.555/9876', 'phone'],
    ['555', 'phone'],
    ['55', 'short-phone'],
    ['+4', 'short-phone'],
    ['John', 'text'],
    ['order 555', 'text'],
    ['   ', 'empty']
  ])('%s is %s', (input, kind) => {
    expect(classifySearchInput(input)).toBe(kind)
  })
})

describe('buildSearchQuery', () => {
  it('searches a phone-looking input by phone, anything else by text', () => {
    expect(buildSearchQuery(' 555 9876 ', emptyFilters())).toEqual({
      query: { phone: '555 9876' },
      hint: null
    })
    expect(buildSearchQuery('John Doe', emptyFilters()).query).toEqual({ text: 'John Doe' })
  })

  it('hints instead of searching a phone number that is too short', () => {
    const built = buildSearchQuery('41', emptyFilters())
    expect(built.query).toEqual({})
    expect(built.hint).toMatch(/3 digits/)
  })

  it('adds only the filters that are set', () => {
    const filters = {
      ...emptyFilters(),
      type: 'api',
      assistantId: 'a1',
      externalId: ' ext-1 ',
      createdFrom: '2025-01-01',
      removed: 'only' as const
    }
    expect(buildSearchQuery('', filters).query).toEqual({
      type: 'api',
      assistantId: 'a1',
      externalId: 'ext-1',
      createdFrom: '2025-01-01',
      removed: 'only'
    })
    expect(hasActiveFilters(filters)).toBe(true)
    expect(hasActiveFilters(emptyFilters())).toBe(false)
  })
})

describe('queryAtInstant', () => {
  const createdAt = '2025-03-04T23:30:00.000Z'

  it('keeps every filter and narrows the dates to the one instant', () => {
    expect(queryAtInstant({ phone: '555', type: 'whatsapp' }, createdAt)).toEqual({
      phone: '555',
      type: 'whatsapp',
      createdFrom: createdAt,
      createdTo: createdAt
    })
  })

  it('reads the date filters as whole UTC days, both ends included', () => {
    const range = { createdFrom: '2025-03-04', createdTo: '2025-03-04' }
    expect(queryAtInstant(range, createdAt)?.createdFrom).toBe(createdAt)
    expect(queryAtInstant({ createdFrom: '2025-03-05' }, createdAt)).toBeNull()
    expect(queryAtInstant({ createdTo: '2025-03-03' }, createdAt)).toBeNull()
  })
})
