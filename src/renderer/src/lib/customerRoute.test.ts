import { describe, expect, it } from 'vitest'
import { looksAcrossAccounts, queryWithScope } from './customerRoute'

describe('the customer view’s accounts in its address', () => {
  it.each([
    [{}, 2, true],
    [{ accounts: 'all' }, 3, true],
    [{ accounts: 'current' }, 2, false],
    [{ accounts: ['current', 'all'] }, 2, false],
    // A hand-typed value that means nothing: the default.
    [{ accounts: 'every' }, 2, true],
    // One account (or none known yet): nothing to look across.
    [{}, 1, false],
    [{ accounts: 'all' }, 1, false],
    [{ accounts: 'all' }, 0, false]
  ])('%j with %i accounts looks across them: %s', (query, count, expected) => {
    expect(looksAcrossAccounts(query, count)).toBe(expected)
  })

  it('sets the scope and keeps the rest of the address', () => {
    expect(queryWithScope({ from: 'clipboard', accounts: 'all' }, 'current')).toEqual({
      from: 'clipboard',
      accounts: 'current'
    })
  })
})
