import { describe, expect, it } from 'vitest'
import {
  AuthError,
  RequestRejectedError,
  ResponseFormatError,
  ServerUnavailableError,
  SyncCancelledError
} from '../errors'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import { clientFor, listRequests, useMockApi } from './apiTestKit'

// The transport is seen through the list endpoint, the request the app sends most.
const start = useMockApi()

describe('retries', () => {
  it('honours Retry-After on 429', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'status', status: 429, headers: { 'Retry-After': '7' } })
    const { client, delays, notices } = clientFor(mock)
    const page = await client.listConversations({})
    expect(page.conversations.length).toBeGreaterThan(0)
    expect(delays).toEqual([7_000])
    expect(notices).toEqual([{ attempt: 1, delayMs: 7_000, reason: 'rate limited (429)' }])
  })

  it('waits at most ten minutes however long Retry-After asks for', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'status', status: 429, headers: { 'Retry-After': '7200' } })
    const { client, delays } = clientFor(mock)
    await client.listConversations({})
    expect(delays).toEqual([600_000])
  })

  it('retries 408, the server’s own timeout', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'status', status: 408 })
    const { client, notices } = clientFor(mock)
    await client.listConversations({})
    expect(notices.map((n) => n.reason)).toEqual(['HTTP 408'])
  })

  it('honours the Retry-After of a real throttle, then gives up', async () => {
    const mock = await start({ rateLimit: { limit: 1, windowMs: 60_000 } })
    const { client, delays } = clientFor(mock, { pace: false, maxAttempts: 2 })
    await client.listConversations({})
    const failure = client.listConversations({})
    await expect(failure).rejects.toThrow(ServerUnavailableError)
    await expect(failure).rejects.toThrow(/rate limited/)
    expect(delays).toHaveLength(1)
    expect(delays[0]).toBeGreaterThan(58_000)
    expect(delays[0]).toBeLessThanOrEqual(60_000)
  })

  it('retries 5xx with exponential backoff and then succeeds', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'status', status: 503 }, 3)
    const { client, delays, notices } = clientFor(mock)
    await client.listConversations({})
    // Full jitter with random() = 0.5: half of 10, 20, 40.
    expect(delays).toEqual([5, 10, 20])
    expect(notices.map((n) => [n.attempt, n.reason])).toEqual([
      [1, 'HTTP 503'],
      [2, 'HTTP 503'],
      [3, 'HTTP 503']
    ])
    expect(listRequests(mock)).toHaveLength(4)
  })

  it('gives up after the last attempt with ServerUnavailableError', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'status', status: 500 }, 100)
    const { client, delays } = clientFor(mock, { maxAttempts: 4 })
    const failure = client.listConversations({})
    await expect(failure).rejects.toThrow(ServerUnavailableError)
    await expect(failure).rejects.toThrow(
      `Could not list conversations: the server at ${mock.url} kept failing (4 attempts). ` +
        'Last error: HTTP 500: Internal Server Error'
    )
    expect(delays).toHaveLength(3)
    expect(listRequests(mock)).toHaveLength(4)
  })

  it('retries network errors: a dropped connection', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'drop' })
    const { client, notices } = clientFor(mock)
    await client.listConversations({})
    expect(notices).toHaveLength(1)
    expect(notices[0].reason).toMatch(/^network error: /)
  })

  it('reports a closed port as a network error after every attempt', async () => {
    const mock = await start()
    const url = mock.url
    await mock.close()
    const { client, notices } = clientFor(mock, { baseUrl: url, maxAttempts: 3 })
    const failure = client.listConversations({})
    await expect(failure).rejects.toThrow(ServerUnavailableError)
    await expect(failure).rejects.toThrow(/3 attempts.*network error: ECONNREFUSED/)
    expect(notices.map((n) => n.reason)).toEqual([
      'network error: ECONNREFUSED',
      'network error: ECONNREFUSED'
    ])
  })

  it('times out a server that never answers', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'hang' }, 2)
    const { client, notices } = clientFor(mock, { timeoutMs: 100, maxAttempts: 2 })
    const failure = client.listConversations({})
    await expect(failure).rejects.toThrow(ServerUnavailableError)
    await expect(failure).rejects.toThrow('timeout after 0.1 s')
    expect(notices.map((n) => n.reason)).toEqual(['timeout after 0.1 s'])
  })
})

describe('answers that are not the documented JSON', () => {
  it('describes an HTML page by its title, retries, and ends in ResponseFormatError', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'html' }, 10)
    const { client, notices } = clientFor(mock, { maxAttempts: 2 })
    const failure = client.listConversations({})
    await expect(failure).rejects.toThrow(ResponseFormatError)
    await expect(failure).rejects.toThrow(
      'HTTP 200, text/html; charset=utf-8, an HTML page titled "Sign in to the network"'
    )
    expect(notices).toHaveLength(1)
  })

  it('retries past a proxy’s HTML error page', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'html', status: 502 })
    const { client, notices } = clientFor(mock)
    await client.listConversations({})
    expect(notices.map((n) => n.reason)).toEqual(['HTTP 502'])
  })

  it('names a 5xx HTML page in the final error', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'html', status: 502 }, 10)
    const { client } = clientFor(mock, { maxAttempts: 1 })
    await expect(client.listConversations({})).rejects.toThrow(
      'HTTP 502: an HTML page titled "502 Bad Gateway"'
    )
  })

  it('reports malformed JSON with a snippet', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'malformedJson' }, 10)
    const { client } = clientFor(mock, { maxAttempts: 2 })
    const failure = client.listConversations({})
    await expect(failure).rejects.toThrow(ResponseFormatError)
    await expect(failure).rejects.toThrow(/malformed JSON .*"\{"data": \[\{"id"/)
  })

  it('names the field when the JSON has the wrong shape', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'wrongShape' }, 10)
    const { client } = clientFor(mock, { maxAttempts: 2 })
    await expect(client.listConversations({})).rejects.toThrow(
      /JSON of the wrong shape: data: expected an array of conversations, got nothing/
    )
  })

  it('names the row whose created_at does not parse', async () => {
    const broken = { ...DOC_EXAMPLE_CONVERSATIONS[1], created_at: 'last tuesday' }
    const mock = await start({ conversations: [DOC_EXAMPLE_CONVERSATIONS[0], broken] })
    const { client } = clientFor(mock, { maxAttempts: 1 })
    await expect(client.listConversations({})).rejects.toThrow(
      /row 2 \(id "8d0f7780-8536-51ef-055c-f18fd2g01bf8"\), created_at: expected a date/
    )
  })

  it('survives an empty body', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'status', status: 200, body: '' }, 10)
    const { client } = clientFor(mock, { maxAttempts: 1 })
    await expect(client.listConversations({})).rejects.toThrow('an empty body')
  })
})

describe('answers that are never retried', () => {
  it('turns 401 into AuthError about the API key', async () => {
    const mock = await start({ apiKey: 'the-right-key' })
    const { client } = clientFor(mock)
    const failure = client.listConversations({})
    await expect(failure).rejects.toThrow(AuthError)
    await expect(failure).rejects.toThrow('API key (HTTP 401: Unauthenticated.)')
    expect(mock.requests).toHaveLength(1)
  })

  it('turns 403 into AuthError', async () => {
    const mock = await start()
    mock.injectFault({
      kind: 'status',
      status: 403,
      body: '{"message":"This action is unauthorized."}'
    })
    const { client, delays } = clientFor(mock)
    const error = await client.listConversations({}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect((error as AuthError).status).toBe(403)
    expect((error as Error).message).toContain('This action is unauthorized.')
    expect(delays).toEqual([])
  })

  it('turns 422 into RequestRejectedError with the server’s message', async () => {
    const mock = await start()
    const { client } = clientFor(mock)
    const error = await client.listConversations({ type: 'sms' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RequestRejectedError)
    expect((error as RequestRejectedError).status).toBe(422)
    expect((error as Error).message).toBe(
      'The API rejected the request to list conversations (HTTP 422): The selected type is invalid.'
    )
    expect(mock.requests).toHaveLength(1)
  })

  it('shows the first error of each field that the message does not already say', async () => {
    const mock = await start()
    mock.injectFault({
      kind: 'status',
      status: 422,
      body: JSON.stringify({
        message: 'The type field is invalid. (and 1 more error)',
        errors: { type: ['The type field is invalid.'], cursor: ['The cursor is malformed.', 'x'] }
      })
    })
    const { client } = clientFor(mock)
    await expect(client.listConversations({})).rejects.toThrow(
      'The type field is invalid. (and 1 more error) cursor: The cursor is malformed.'
    )
  })
})

describe('cancellation', () => {
  it('does not send when the signal is already aborted', async () => {
    const mock = await start()
    const { client } = clientFor(mock)
    const controller = new AbortController()
    controller.abort()
    await expect(client.listConversations({}, { signal: controller.signal })).rejects.toThrow(
      SyncCancelledError
    )
    expect(mock.requests).toHaveLength(0)
  })

  it('stops a request in flight and does not retry it', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'hang' })
    const { client, notices } = clientFor(mock)
    const controller = new AbortController()
    const pending = client.listConversations({}, { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toThrow(SyncCancelledError)
    expect(notices).toEqual([])
    expect(mock.requests).toHaveLength(1)
  })

  it('stops during the wait before a retry', async () => {
    const mock = await start()
    mock.injectFault({ kind: 'status', status: 503 }, 10)
    const controller = new AbortController()
    const { client } = clientFor(mock, {
      sleep: undefined,
      baseDelayMs: 60_000,
      maxDelayMs: 60_000
    })
    const pending = client.listConversations({}, { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toThrow(SyncCancelledError)
    expect(mock.requests).toHaveLength(1)
  })
})

describe('pacing', () => {
  it('bursts while plenty remain and spreads requests when the budget runs low', async () => {
    const mock = await start({ rateLimit: { limit: 20 } })
    let clock = 0
    const pacing: number[] = []
    const { client, notices } = clientFor(mock, {
      now: () => clock,
      sleep: async (ms) => {
        pacing.push(ms)
        clock += ms
      }
    })
    const waitsBefore: number[] = []
    for (let i = 0; i < 20; i++) {
      waitsBefore.push(pacing.length)
      await client.listConversations({ per_page: 1 })
    }
    expect(notices).toEqual([])
    // While more than a quarter remain, requests go at once; the last five are spread over
    // what is left of the 60 s window.
    expect(waitsBefore.slice(0, 16)).toEqual(new Array(16).fill(0))
    expect(pacing).toEqual([12_000, 12_000, 12_000, 12_000, 12_000])
  })

  it('does not pace when told not to', async () => {
    const mock = await start({ rateLimit: { limit: 5 } })
    const { client, delays } = clientFor(mock, { pace: false })
    for (let i = 0; i < 5; i++) await client.listConversations({ per_page: 1 })
    expect(delays).toEqual([])
  })
})
