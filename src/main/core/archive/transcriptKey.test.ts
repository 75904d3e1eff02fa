import { describe, expect, it } from 'vitest'
import { KEY_END, KEY_SLOTS, isInSecond, keyRange, overflowKey, secondBase } from './transcriptKey'

const T = Date.parse('2025-01-25T14:30:00.000Z')

describe('secondBase', () => {
  it('gives every millisecond of a second the same first key, and the next second the next slots', () => {
    expect(secondBase(T)).toBe((T / 1000) * KEY_SLOTS)
    expect(secondBase(T + 999)).toBe(secondBase(T))
    expect(secondBase(T + 1000)).toBe(secondBase(T) + KEY_SLOTS)
  })

  it('keeps times in order, and puts times before 1970 in the first second', () => {
    expect(secondBase(T - 1)).toBeLessThan(secondBase(T))
    expect(secondBase(-5_000)).toBe(0)
    expect(secondBase(0)).toBe(0)
  })

  it('stays an exact integer for any time the archive can hold', () => {
    expect(Number.isSafeInteger(secondBase(Date.parse('9999-12-31T23:59:59.999Z')))).toBe(true)
  })
})

describe('overflow keys', () => {
  it('lie below every time key', () => {
    expect(overflowKey(7)).toBe(-7)
    expect(overflowKey(1)).toBeLessThan(secondBase(0))
  })
})

describe('isInSecond', () => {
  it('holds the second’s KEY_SLOTS keys only', () => {
    const base = secondBase(T)
    expect(isInSecond(base, base)).toBe(true)
    expect(isInSecond(base + KEY_SLOTS - 1, base)).toBe(true)
    expect(isInSecond(base + KEY_SLOTS, base)).toBe(false)
    expect(isInSecond(base - 1, base)).toBe(false)
  })
})

describe('keyRange', () => {
  it('is every time key without bounds', () => {
    expect(keyRange(null, null, null)).toEqual({ from: 0, to: KEY_END })
  })

  it('keeps the whole second of each bound, and the nearer of two upper bounds', () => {
    expect(keyRange(T + 500, T + 10_250, null)).toEqual({
      from: secondBase(T),
      to: secondBase(T + 10_000) + KEY_SLOTS
    })
    expect(keyRange(null, T + 10_000, T).to).toBe(secondBase(T) + KEY_SLOTS)
    expect(keyRange(null, T, T + 10_000).to).toBe(secondBase(T) + KEY_SLOTS)
  })
})
