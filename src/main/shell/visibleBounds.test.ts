import { describe, expect, it } from 'vitest'
import { isOnSomeDisplay } from './visibleBounds'

const screens = [
  { x: 0, y: 0, width: 1920, height: 1040 },
  { x: 1920, y: 0, width: 1280, height: 1024 }
]

describe('isOnSomeDisplay', () => {
  it('keeps bounds on either display', () => {
    expect(isOnSomeDisplay({ x: 100, y: 100, width: 1200, height: 800 }, screens)).toBe(true)
    expect(isOnSomeDisplay({ x: 2000, y: 50, width: 900, height: 700 }, screens)).toBe(true)
  })

  it('drops bounds off every display or barely on one', () => {
    expect(isOnSomeDisplay({ x: 3500, y: 0, width: 900, height: 700 }, screens)).toBe(false)
    expect(isOnSomeDisplay({ x: -880, y: 0, width: 900, height: 700 }, screens)).toBe(false)
    expect(isOnSomeDisplay({ x: 0, y: 0, width: 900, height: 700 }, [])).toBe(false)
  })
})
