import { describe, expect, it } from 'vitest'
import type { LocationQuery } from 'vue-router'
import { emptyFilters } from './searchQuery'
import {
  queryFromSearchState,
  sameSearchQuery,
  searchStateFromQuery,
  type SearchRouteState
} from './searchRoute'

const everything: SearchRouteState = {
  input: 'John "order 17"',
  filters: {
    type: 'whatsapp',
    assistantId: 'a1',
    senderPhone: '+442071838750',
    externalId: 'ext-42',
    createdFrom: '2025-01-01',
    createdTo: '2025-03-31',
    removed: 'only'
  },
  openId: 'conv-1'
}

describe('the search route query', () => {
  it('holds every filter under a short name and reads back the same state', () => {
    const query = queryFromSearchState(everything)
    expect(query).toEqual({
      q: 'John "order 17"',
      type: 'whatsapp',
      assistant: 'a1',
      sender: '+442071838750',
      external: 'ext-42',
      from: '2025-01-01',
      to: '2025-03-31',
      removed: 'only',
      open: 'conv-1'
    })
    expect(searchStateFromQuery(query as LocationQuery)).toEqual(everything)
  })

  it('leaves defaults out, so the empty search is plain #/search', () => {
    expect(queryFromSearchState({ input: '', filters: emptyFilters(), openId: null })).toEqual({})
    expect(searchStateFromQuery({})).toEqual({ input: '', filters: emptyFilters(), openId: null })
  })

  it('drops what a hand-typed link gets wrong instead of guessing', () => {
    const state = searchStateFromQuery({
      q: ['first', 'second'],
      from: 'yesterday',
      to: '2025-02-30x',
      removed: 'sometimes',
      open: ''
    })
    expect(state.input).toBe('first')
    expect(state.filters.createdFrom).toBe('')
    expect(state.filters.createdTo).toBe('')
    expect(state.filters.removed).toBe('include')
    expect(state.openId).toBeNull()
  })

  it('compares queries by what they say, not by the order of their parameters', () => {
    expect(sameSearchQuery({ type: 'api', q: 'x' }, { q: 'x', type: 'api' })).toBe(true)
    expect(sameSearchQuery({ q: 'x', removed: 'include' }, { q: 'x' })).toBe(true)
    expect(sameSearchQuery({ q: 'x' }, { q: 'x', open: 'c1' })).toBe(false)
  })
})
