import { describe, expect, it } from 'vitest'
import { UsageError } from '../errors'
import { decodeCursor, encodeCursor } from './searchCursor'

describe('search cursors', () => {
  it('round-trip a position as URL-safe text', () => {
    const position = { createdAt: Date.parse('2025-01-25T14:30:00.000Z'), rowid: 123456 }
    const cursor = encodeCursor(position)
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(cursor)).toEqual(position)
  })

  it.each([
    '',
    'a b',
    Buffer.from('not json').toString('base64url'),
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1737815400000]').toString('base64url'),
    Buffer.from('["2025-01-25T14:30:00.000Z",1]').toString('base64url'),
    Buffer.from('[1737815400000.5,1]').toString('base64url'),
    Buffer.from('[1737815400000,1.5]').toString('base64url'),
    Buffer.from('[1737815400000,0]').toString('base64url')
  ])('refuses %j', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(UsageError)
  })
})
