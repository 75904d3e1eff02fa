import { describe, expect, it } from 'vitest'
import { toFtsQuery } from './ftsQuery'

describe('toFtsQuery', () => {
  it('makes each word a quoted prefix term', () => {
    expect(toFtsQuery('  jane   smith ')).toBe('"jane"* "smith"*')
  })

  it('doubles quotes so input never becomes FTS syntax', () => {
    expect(toFtsQuery('say "hi')).toBe('"say"* """hi"*')
    expect(toFtsQuery('NEAR(a OR b')).toBe('"NEAR(a"* "OR"* "b"*')
  })

  it('drops words with nothing to match, and returns null when none is left', () => {
    expect(toFtsQuery('* - jane')).toBe('"jane"*')
    expect(toFtsQuery('  ')).toBeNull()
    expect(toFtsQuery('"" - *')).toBeNull()
  })

  it('keeps letters of any script', () => {
    expect(toFtsQuery('Zoë 東京')).toBe('"Zoë"* "東京"*')
  })
})
