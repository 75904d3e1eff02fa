import { afterEach } from 'vitest'
import { startMockApi, type MockApi, type MockApiOptions } from '../mockApi/mockApiServer'
import { createApiClient, type ApiClientOptions, type RetryNotice } from './client'

/**
 * What the API's tests share: a mock API per test, closed after it, and clients whose waits
 * are recorded instead of slept, so retries cost no time.
 */
export function useMockApi(): (options?: MockApiOptions) => Promise<MockApi> {
  let api: MockApi | undefined
  afterEach(async () => {
    await api?.close()
    api = undefined
  })
  return async (options = {}) => {
    api = await startMockApi(options)
    return api
  }
}

export function clientFor(mock: MockApi, options: Partial<ApiClientOptions> = {}) {
  const delays: number[] = []
  const notices: RetryNotice[] = []
  const client = createApiClient({
    apiKey: 'test-key',
    baseUrl: mock.url,
    baseDelayMs: 10,
    maxDelayMs: 100,
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms)
    },
    onRetry: (notice) => notices.push(notice),
    ...options
  })
  return { client, delays, notices }
}

export function listRequests(mock: MockApi) {
  return mock.requests.filter((r) => r.path === '/api/user/conversations')
}
