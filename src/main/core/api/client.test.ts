import { describe, expect, it } from 'vitest'
import { AuthError, UsageError } from '../errors'
import { clientFor, useMockApi } from './apiTestKit'
import { createApiClient, DEFAULT_BASE_URL } from './client'
import type { RatePacer } from './ratePacer'

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

describe('createApiClient: pacing', () => {
  function countingPacer() {
    const pacer: RatePacer & { acquired: number; observed: number } = {
      acquired: 0,
      observed: 0,
      windowMs: 60_000,
      limit: () => null,
      async acquire() {
        pacer.acquired++
      },
      observe() {
        pacer.observed++
      }
    }
    return pacer
  }

  it('spends the shared pacer it is given', async () => {
    const mock = await start()
    const pacer = countingPacer()
    const { client } = clientFor(mock, { pacer })
    await client.listConversations({})
    await client.checkKey()
    expect([pacer.acquired, pacer.observed]).toEqual([2, 2])
  })

  it('does not pace at all when told not to, a shared pacer included', async () => {
    const mock = await start()
    const pacer = countingPacer()
    const { client } = clientFor(mock, { pacer, pace: false })
    await client.listConversations({})
    expect([pacer.acquired, pacer.observed]).toEqual([0, 0])
  })
})
