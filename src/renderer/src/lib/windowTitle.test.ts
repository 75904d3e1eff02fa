import { describe, expect, it } from 'vitest'
import { windowTitle } from './windowTitle'

describe('windowTitle', () => {
  it('names the account shown first, and only the app before the accounts are known', () => {
    expect(windowTitle('Acme')).toBe('Acme — Conversation Browser')
    expect(windowTitle(null)).toBe('Conversation Browser')
  })
})
