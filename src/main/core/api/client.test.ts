import { afterEach, describe, expect, it } from 'vitest'
import {
  AuthError,
  RequestRejectedError,
  ResponseFormatError,
  ServerUnavailableError,
  SyncCancelledError,
  UsageError
} from '../errors'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import { startMockApi, type MockApi, type MockApiOptions } from '../mockApi/mockApiServer'
import {
  createApiClient,
  DEFAULT_BASE_URL,
  type ApiClientOptions,
  type RetryNotice
} from './client'
import type { ApiConversationJson } from './conversationSchema'

let api: MockApi | undefined

afterEach(async () => {
  await api?.close()
  api = undefined
})

async function start(options: MockApiOptions = {}): Promise<MockApi> {
  api = await startMockApi(options)
  return api
}

/** A client whose waits are recorded instead of slept, so retries cost no time. */
function clientFor(mock: MockApi, options: Partial<ApiClientOptions> = {}) {
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

function listRequests(mock: MockApi) {
  return mock.requests.filter((r) => r.path === '/api/user/conversations')
}

describe('listConversations', () => {
  it('sends the key, Accept and every filter, and normalises the page', async () => {
    const mock = await start({ conversations: DOC_EXAMPLE_CONVERSATIONS })
    const { client } = clientFor(mock)
    const page = await client.listConversations({
      type: 'whatsapp',
      assistant_id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
      customer_phone: '+14155559876',
      whatsapp_sender_phone: '+14155551234',
      external_identifier: '',
      per_page: 10
    })
    expect(mock.requests).toHaveLength(1)
    expect(mock.requests[0]).toEqual({
      path: '/api/user/conversations',
      query: {
        type: 'whatsapp',
        assistant_id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
        customer_phone: '+14155559876',
        whatsapp_sender_phone: '+14155551234',
        per_page: '10'
      },
      authorization: 'Bearer test-key'
    })
    expect(page.conversations.map((c) => c.conversation.id)).toEqual([
      '8d0f7780-8536-51ef-055c-f18fd2g01bf8'
    ])
    expect(page).toMatchObject({ nextCursor: null, prevCursor: null, perPage: 10 })

    await client.listConversations({ external_identifier: 'crm-lead-12345', assistant_id: 7 })
    expect(mock.requests[1].query).toEqual({
      external_identifier: 'crm-lead-12345',
      assistant_id: '7'
    })
  })

  it('sends Accept: application/json', async () => {
    const seen: Headers[] = []
    const mock = await start()
    const { client } = clientFor(mock, {
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers))
        return fetch(input, init)
      }
    })
    await client.listConversations({})
    expect(seen[0].get('accept')).toBe('application/json')
    expect(seen[0].get('authorization')).toBe('Bearer test-key')
  })

  it('walks every page with the cursors the server gives', async () => {
    const mock = await start({ rows: 40 })
    const { client } = clientFor(mock)
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const page = await client.listConversations({ per_page: 15, cursor })
      ids.push(...page.conversations.map((c) => c.conversation.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(ids).toEqual(mock.list().map((row) => row.id))
    expect(listRequests(mock)).toHaveLength(3)
  })

  it('tells the next cursor before the page is checked and handed back', async () => {
    const mock = await start({ rows: 40 })
    const { client } = clientFor(mock)
    const events: string[] = []
    const page = client
      .listConversations(
        { per_page: 15 },
        { onNextCursor: (cursor) => events.push(`cursor ${cursor}`) }
      )
      .then((p) => {
        events.push('page')
        return p
      })
    const { nextCursor } = await page
    expect(nextCursor).not.toBeNull()
    expect(events).toEqual([`cursor ${nextCursor}`, 'page'])
  })

  it('tells the last page’s null cursor too', async () => {
    const mock = await start({ rows: 10 })
    const { client } = clientFor(mock)
    const told: (string | null)[] = []
    await client.listConversations({ per_page: 15 }, { onNextCursor: (c) => told.push(c) })
    expect(told).toEqual([null])
  })

  it('still refuses rows of the wrong shape after telling their page’s cursor', async () => {
    const broken = { ...DOC_EXAMPLE_CONVERSATIONS[1], created_at: 'last tuesday' }
    const mock = await start({ conversations: [DOC_EXAMPLE_CONVERSATIONS[0], broken] })
    const { client } = clientFor(mock, { maxAttempts: 2 })
    const told: (string | null)[] = []
    await expect(
      client.listConversations({}, { onNextCursor: (c) => told.push(c) })
    ).rejects.toThrow(/created_at: expected a date/)
    expect(told).toEqual([null, null])
  })

  it('parses the documentation examples: non-UUID ids, null and [] variables, string costs', async () => {
    const drifted: ApiConversationJson = {
      ...DOC_EXAMPLE_CONVERSATIONS[0],
      id: 'drifted',
      variables: [],
      total_cost: '0.0045'
    }
    const mock = await start({ conversations: [...DOC_EXAMPLE_CONVERSATIONS, drifted] })
    const { client } = clientFor(mock)
    const page = await client.listConversations({})
    const [widget, whatsapp, apiRow, last] = page.conversations.map((c) => c.conversation)
    expect(whatsapp.id).toBe('8d0f7780-8536-51ef-055c-f18fd2g01bf8')
    expect(whatsapp.variables).toBeNull()
    expect(whatsapp.customer).toEqual({ name: 'John Doe', phone: '+14155559876' })
    expect(apiRow.id).toBe('9e1g8891-9647-62fg-166d-g29ge3h12cg9')
    expect(apiRow.external_identifier).toBe('crm-lead-12345')
    expect(widget.created_at).toBe('2025-01-25T14:30:00.000Z')
    expect(last.variables).toEqual({})
    expect(last.total_cost).toBe(0.0045)
    expect(JSON.parse(page.conversations[3].rawJson)).toEqual(drifted)
  })

  it('refuses a per_page outside 1-100 before asking the server', async () => {
    const mock = await start()
    const { client } = clientFor(mock)
    for (const perPage of [0, 101, 2.5]) {
      await expect(client.listConversations({ per_page: perPage })).rejects.toThrow(UsageError)
    }
    expect(mock.requests).toHaveLength(0)
  })

  it('tolerates trailing slashes on the base URL', async () => {
    const mock = await start()
    const { client } = clientFor(mock, { baseUrl: `${mock.url}//` })
    expect(client.baseUrl).toBe(mock.url)
    await client.listConversations({})
    expect(mock.requests[0].path).toBe('/api/user/conversations')
  })
})

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
    api = undefined
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

describe('getConversation', () => {
  it('returns the history and details, oldest message first', async () => {
    const mock = await start({ conversations: DOC_EXAMPLE_CONVERSATIONS })
    const { client } = clientFor(mock)
    const detail = await client.getConversation(DOC_EXAMPLE_CONVERSATIONS[1].id)
    expect(mock.requests[0].path).toBe('/api/conversations/8d0f7780-8536-51ef-055c-f18fd2g01bf8')
    expect(mock.requests[0].authorization).toBe('Bearer test-key')
    expect(detail.history).toHaveLength(8)
    expect(detail.history[0]).toEqual({ role: 'user', content: expect.any(String) })
    expect(detail).toMatchObject({
      variables: null,
      external_identifier: null,
      whatsapp_sender: { name: 'Acme Corp Support', phone: '+14155551234' },
      customer: { name: 'John Doe', phone: '+14155559876' }
    })
    expect(JSON.parse(detail.rawJson)).toMatchObject({ status: true })
  })

  it('turns "Conversation not found" into RequestRejectedError without retrying', async () => {
    const mock = await start()
    const { client, delays } = clientFor(mock)
    const error = await client.getConversation('a/b c').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RequestRejectedError)
    expect((error as RequestRejectedError).status).toBe(404)
    expect((error as Error).message).toContain('Conversation not found')
    expect(mock.requests.map((r) => r.path)).toEqual(['/api/conversations/a%2Fb%20c'])
    expect(delays).toEqual([])
  })

  it('reads status false on a 200 as a rejection too', async () => {
    const mock = await start()
    const { client } = clientFor(mock, {
      fetch: async () =>
        new Response('{"status": false, "error": "Conversation is archived"}', {
          headers: { 'Content-Type': 'application/json' }
        })
    })
    await expect(client.getConversation('x')).rejects.toThrow('Conversation is archived')
  })
})

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
