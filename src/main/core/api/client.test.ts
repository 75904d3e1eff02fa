import { describe, expect, it } from 'vitest'
import { AuthError, UsageError } from '../errors'
import { clientFor, useMockApi } from './apiTestKit'
import { createApiClient, DEFAULT_BASE_URL } from './client'

const start = useMockApi()

describe('checkKey', () => {
  it('asks for a single row and resolves when the key works', async () => {
    const mock = await start()
    const { client } = clientFor(mock)
    await expect(client.checkKey()).resolves.toBeUndefined()
    expect(mock.requests[0].query).toEqual({ per_page: '1' })
  })

  it('throws AuthError when it does not', async () => {
    const mock = await start()
    const { client } = clientFor(mock, { apiKey: 'stale' })
    await expect(client.checkKey()).rejects.toThrow(AuthError)
  })
})

describe('createApiClient', () => {
  it('refuses an empty key and a base URL that is not http(s)', () => {
    expect(() => createApiClient({ apiKey: ' ' })).toThrow(UsageError)
    expect(() => createApiClient({ apiKey: 'key with space' })).toThrow(UsageError)
    expect(() => createApiClient({ apiKey: 'clé' })).toThrow(UsageError)
    expect(createApiClient({ apiKey: ' pasted-key\n' }).baseUrl).toBe(DEFAULT_BASE_URL)
    expect(() => createApiClient({ apiKey: 'k', baseUrl: 'ftp://example.com' })).toThrow(UsageError)
    expect(() => createApiClient({ apiKey: 'k', baseUrl: 'not a url' })).toThrow(UsageError)
    expect(createApiClient({ apiKey: 'k' }).baseUrl).toBe('https://app.autocalls.ai')
  })
})
