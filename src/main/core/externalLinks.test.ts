import { describe, expect, it } from 'vitest'
import { isAllowedExternalUrl } from './externalLinks'
import { API_KEY_HELP_URL } from './ipc/createIpcHandlers'

describe('isAllowedExternalUrl', () => {
  it('opens the pages the app links to', () => {
    expect(isAllowedExternalUrl(API_KEY_HELP_URL)).toBe(true)
    expect(isAllowedExternalUrl('https://app.autocalls.ai/settings/api-keys?tab=1#x')).toBe(true)
    expect(isAllowedExternalUrl('https://APP.autocalls.ai/')).toBe(true)
  })

  it.each([
    'https://evil.example/',
    'http://app.autocalls.ai/',
    'https://app.autocalls.ai.evil.example/',
    'https://evil.example/?https://app.autocalls.ai',
    'https://app.autocalls.ai@evil.example/',
    'https://user:pass@app.autocalls.ai/',
    'https://app.autocalls.ai:8443/',
    'https://xn--pp-autocalls-ai.example/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://app.autocalls.ai/share',
    'app.autocalls.ai',
    ''
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false)
  })
})
