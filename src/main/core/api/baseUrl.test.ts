import { describe, expect, it } from 'vitest'
import { UsageError } from '../errors'
import { checkBaseUrl } from './baseUrl'

describe('checkBaseUrl: where the API key may be sent', () => {
  it.each([
    ['https://app.autocalls.ai/', 'https://app.autocalls.ai'],
    ['  https://api.example.test:8443/v1// ', 'https://api.example.test:8443/v1'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.8.9.10', 'http://127.8.9.10'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['http://[::1]:9/', 'http://[::1]:9']
  ])('takes %s', (value, expected) => {
    expect(checkBaseUrl(value)).toBe(expected)
  })

  it.each([
    'http://app.autocalls.ai',
    'http://192.168.1.20:8080',
    'http://10.0.0.1',
    'http://localhost.evil.example',
    'http://127.0.0.1.evil.example',
    'http://[::ffff:192.168.1.2]'
  ])('refuses plain http to %s, which would carry the key across a network', (value) => {
    expect(() => checkBaseUrl(value)).toThrow(UsageError)
    expect(() => checkBaseUrl(value)).toThrow(
      `The API address "${value}" must start with https://: plain http:// is only for a server on this computer (localhost).`
    )
  })

  it('refuses other schemes, user names in the address, and what is not a URL', () => {
    expect(() => checkBaseUrl('ftp://app.autocalls.ai')).toThrow(/must start with https:\/\//)
    expect(() => checkBaseUrl('file:///etc/passwd')).toThrow(/must start with https:\/\//)
    expect(() => checkBaseUrl('https://user:secret@app.autocalls.ai')).toThrow(
      'The API address must not contain a user name or password.'
    )
    expect(() => checkBaseUrl('not a url')).toThrow('The API address "not a url" is not a URL.')
  })
})
