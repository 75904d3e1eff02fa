import { describe, expect, it } from 'vitest'
import { isListKey, listKeyTarget, rowsPerPage } from './listKeyboard'

describe('listKeyTarget', () => {
  it('moves one row with the arrows, stopping at either end', () => {
    expect(listKeyTarget('ArrowDown', 3, 10, 5)).toBe(4)
    expect(listKeyTarget('ArrowUp', 3, 10, 5)).toBe(2)
    expect(listKeyTarget('ArrowDown', 9, 10, 5)).toBe(9)
    expect(listKeyTarget('ArrowUp', 0, 10, 5)).toBe(0)
  })

  it('goes to the first and last row with Home and End', () => {
    expect(listKeyTarget('Home', 7, 10, 5)).toBe(0)
    expect(listKeyTarget('End', 2, 10, 5)).toBe(9)
    expect(listKeyTarget('End', -1, 10, 5)).toBe(9)
  })

  it('moves a screenful with PageDown and PageUp, stopping at either end', () => {
    expect(listKeyTarget('PageDown', 0, 100, 8)).toBe(8)
    expect(listKeyTarget('PageDown', 95, 100, 8)).toBe(99)
    expect(listKeyTarget('PageUp', 20, 100, 8)).toBe(12)
    expect(listKeyTarget('PageUp', 3, 100, 8)).toBe(0)
    // A window too short for a row still moves.
    expect(listKeyTarget('PageDown', 4, 100, 0)).toBe(5)
  })

  it('starts from the near end when nothing is selected', () => {
    expect(listKeyTarget('ArrowDown', -1, 10, 5)).toBe(0)
    expect(listKeyTarget('PageDown', -1, 10, 5)).toBe(0)
    expect(listKeyTarget('ArrowUp', -1, 10, 5)).toBe(9)
    expect(listKeyTarget('PageUp', -1, 10, 5)).toBe(9)
  })

  it('selects nothing in an empty list', () => {
    expect(listKeyTarget('ArrowDown', -1, 0, 5)).toBeNull()
    expect(listKeyTarget('End', -1, 0, 5)).toBeNull()
  })
})

describe('rowsPerPage', () => {
  it('keeps one row of the last screen in view', () => {
    expect(rowsPerPage(600, 56)).toBe(9)
    expect(rowsPerPage(40, 56)).toBe(1)
  })
})

describe('isListKey', () => {
  it('knows the list keys and no others', () => {
    expect(['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp'].every(isListKey)).toBe(
      true
    )
    expect(['Enter', 'ArrowLeft', 'Tab', 'a'].some(isListKey)).toBe(false)
  })
})
