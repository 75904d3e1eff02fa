import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiClient } from '../api/client'
import { createRatePacer } from '../api/ratePacer'
import { startMockApi, type MockApi } from '../mockApi/mockApiServer'
import { MESSAGES, toIpcError } from './toIpcError'

const KEY = 'sk-server-failures-0123'
let mock: MockApi

beforeEach(async () => {
  mock = await startMockApi({ apiKey: KEY, rows: 3 })
})

afterEach(async () => {
  await mock.close()
})

async function whyListingFails(): Promise<unknown> {
  const client = createApiClient({
    apiKey: KEY,
    baseUrl: mock.url,
    pacer: createRatePacer(),
    maxAttempts: 3,
    baseDelayMs: 1,
    maxDelayMs: 2
  })
  return client.listConversations({}).then(
    () => new Error('the list was served'),
    (error: unknown) => error
  )
}

describe('a server that answers, but only with errors', () => {
  it.each([500, 502, 503])(
    'is not called unreachable when it answers HTTP %i every time',
    async (status) => {
      mock.injectFault({ kind: 'status', status, headers: { 'Retry-After': '0' } }, 3)
      const info = toIpcError(await whyListingFails())
      expect(info.code).toBe('server')
      expect(info.message).toContain(`HTTP ${status}`)
      expect(info.message).not.toBe(MESSAGES.offline)
    }
  )

  it('says it kept limiting the rate when it answers 429 every time', async () => {
    mock.injectFault({ kind: 'status', status: 429, headers: { 'Retry-After': '0' } }, 3)
    const info = toIpcError(await whyListingFails())
    expect(info).toEqual({ code: 'server', message: expect.stringContaining('too many requests') })
  })

  it('is still offline when nothing answers', async () => {
    await mock.close()
    expect(toIpcError(await whyListingFails())).toEqual({
      code: 'offline',
      message: MESSAGES.offline
    })
    mock = await startMockApi({ apiKey: KEY, rows: 3 })
  })
})
