import { describe, expect, it } from 'vitest'
import { isTrustedSender } from './isTrustedSender'

const webContents = { id: 1 }
const window = { webContents }
const event = (url: string | null, sender: unknown = webContents) => ({
  sender,
  senderFrame: url === null ? null : { url }
})

describe('isTrustedSender', () => {
  it("accepts the app's own page in its own window", () => {
    expect(isTrustedSender(event('app://renderer/index.html'), window, null)).toBe(true)
  })

  it('accepts the dev server only when one is configured', () => {
    expect(isTrustedSender(event('http://localhost:5173/'), window, 'http://localhost:5173')).toBe(
      true
    )
    expect(isTrustedSender(event('http://localhost:5173/'), window, null)).toBe(false)
    expect(isTrustedSender(event('http://localhost:5174/'), window, 'http://localhost:5173')).toBe(
      false
    )
  })

  it('refuses other origins, other windows, missing frames and no window', () => {
    expect(isTrustedSender(event('https://evil.example/'), window, null)).toBe(false)
    expect(isTrustedSender(event('app://other/index.html'), window, null)).toBe(false)
    expect(isTrustedSender(event('file:///index.html'), window, null)).toBe(false)
    expect(isTrustedSender(event('app://renderer/', { id: 2 }), window, null)).toBe(false)
    expect(isTrustedSender(event(null), window, null)).toBe(false)
    expect(isTrustedSender(event('app://renderer/'), null, null)).toBe(false)
    expect(isTrustedSender(event('not a url'), window, null)).toBe(false)
  })
})
