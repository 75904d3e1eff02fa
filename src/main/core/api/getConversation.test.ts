import { describe, expect, it } from 'vitest'
import {
  ConversationNotFoundError,
  RequestRejectedError,
  ResponseFormatError,
  ServerUnavailableError
} from '../errors'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import { clientFor, useMockApi } from './apiTestKit'
import type { RatePacer, RequestPriority } from './ratePacer'

const start = useMockApi()

/** A fetch that gives these answers in turn, each a JSON text (or a Response) and a status. */
function answering(...answers: [body: unknown, status?: number][]): typeof fetch {
  let next = 0
  return async () => {
    const [body, status = 200] = answers[Math.min(next++, answers.length - 1)]
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' }
    })
  }
}

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

  it('keeps function calls exactly as received and reads null content as empty text', async () => {
    const calls = [
      { name: 'book', arguments: '{"day":"tue"}', result: { ok: true }, id: 'call_1' },
      { name: 'ping', arguments: [], result: null }
    ]
    const body = {
      status: true,
      history: [
        { role: 'user', content: 'Hola señor 👋', sent_at: '2025-01-25 10:15:00' },
        { role: 'assistant', content: null, function_calls: calls },
        { role: 'assistant', content: '予約しました', function_calls: null },
        { role: 'assistant', content: 'Done', function_calls: [] }
      ],
      variables: []
    }
    const mock = await start()
    const { client } = clientFor(mock, { fetch: answering([body]) })
    const detail = await client.getConversation('x')
    expect(detail.history).toEqual([
      { role: 'user', content: 'Hola señor 👋' },
      { role: 'assistant', content: '', function_calls: calls },
      { role: 'assistant', content: '予約しました' },
      { role: 'assistant', content: 'Done', function_calls: [] }
    ])
    expect('function_calls' in detail.history[2]).toBe(false)
    expect(detail.variables).toEqual({})
    expect(JSON.parse(detail.rawJson)).toEqual(body)
  })

  it('refuses a history of the wrong shape, naming the message', async () => {
    const mock = await start()
    const { client } = clientFor(mock, {
      maxAttempts: 2,
      fetch: answering([
        {
          status: true,
          history: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: 7 }
          ]
        }
      ])
    })
    const failure = client.getConversation('x')
    await expect(failure).rejects.toThrow(ResponseFormatError)
    await expect(failure).rejects.toThrow(/history\.1\.content: expected message text or null/)
  })

  it('honours Retry-After on a 429, as for the list', async () => {
    const mock = await start({ conversations: DOC_EXAMPLE_CONVERSATIONS })
    mock.injectFault(
      { kind: 'status', status: 429, headers: { 'Retry-After': '7' } },
      1,
      'conversation'
    )
    const { client, delays, notices } = clientFor(mock)
    const detail = await client.getConversation(DOC_EXAMPLE_CONVERSATIONS[0].id)
    expect(detail.history).toHaveLength(12)
    expect(delays).toEqual([7_000])
    expect(notices).toEqual([{ attempt: 1, delayMs: 7_000, reason: 'rate limited (429)' }])
  })

  it('spends the list’s budget: past it, a transcript waits out the window the server names', async () => {
    const mock = await start({
      conversations: DOC_EXAMPLE_CONVERSATIONS,
      rateLimit: { limit: 1, windowMs: 60_000 }
    })
    const { client, delays } = clientFor(mock, { pace: false, maxAttempts: 2 })
    await client.listConversations({})
    const failure = client.getConversation(DOC_EXAMPLE_CONVERSATIONS[0].id)
    await expect(failure).rejects.toThrow(ServerUnavailableError)
    await expect(failure).rejects.toThrow(/get conversation .*rate limited/)
    expect(delays).toHaveLength(1)
    expect(delays[0]).toBeGreaterThan(58_000)
    expect(delays[0]).toBeLessThanOrEqual(60_000)
  })

  it('asks the pacer at the priority given, the list at foreground', async () => {
    const asked: (RequestPriority | undefined)[] = []
    const pacer: RatePacer = {
      windowMs: 60_000,
      limit: () => null,
      observe: () => undefined,
      acquire: async (_signal, priority) => {
        asked.push(priority)
      }
    }
    const mock = await start({ conversations: DOC_EXAMPLE_CONVERSATIONS })
    const { client } = clientFor(mock, { pacer })
    await client.getConversation(DOC_EXAMPLE_CONVERSATIONS[0].id, { priority: 'background' })
    await client.getConversation(DOC_EXAMPLE_CONVERSATIONS[0].id)
    await client.listConversations({})
    expect(asked).toEqual(['background', undefined, undefined])
  })
})

describe('getConversation: a conversation the server does not have', () => {
  it('turns the 404 "Conversation not found" into ConversationNotFoundError, not retried', async () => {
    const mock = await start()
    const { client, delays } = clientFor(mock)
    const error = await client.getConversation('a/b c').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversationNotFoundError)
    expect(error).toBeInstanceOf(RequestRejectedError)
    expect((error as ConversationNotFoundError).status).toBe(404)
    expect((error as Error).message).toBe(
      'The API has no conversation a/b c (HTTP 404: Conversation not found).'
    )
    expect(mock.requests.map((r) => r.path)).toEqual(['/api/conversations/a%2Fb%20c'])
    expect(delays).toEqual([])
  })

  it('reads "Conversation not found" on a 200 the same way', async () => {
    const mock = await start()
    const { client, delays } = clientFor(mock, {
      fetch: answering([{ status: false, error: 'Conversation not found' }])
    })
    const error = await client.getConversation('x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversationNotFoundError)
    expect((error as ConversationNotFoundError).status).toBe(200)
    expect(delays).toEqual([])
  })

  it('keeps any other status false a plain rejection', async () => {
    const mock = await start()
    for (const [body, status] of [
      [{ status: false, error: 'Conversation is archived' }, 200],
      [{ status: false, error: 'Assistant not found' }, 404]
    ] as const) {
      const { client } = clientFor(mock, { fetch: answering([body, status]) })
      const error = await client.getConversation('x').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(RequestRejectedError)
      expect(error).not.toBeInstanceOf(ConversationNotFoundError)
      expect((error as Error).message).toContain(body.error)
    }
  })

  it('does not take a 404 that is not that JSON for a missing conversation', async () => {
    const mock = await start()
    for (const body of [
      { message: 'The route api/conversations/x could not be found.' },
      '<!DOCTYPE html><html><head><title>404 Not Found</title></head></html>',
      'Conversation not found'
    ]) {
      const { client, delays } = clientFor(mock, { fetch: answering([body, 404]) })
      const error = await client.getConversation('x').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(RequestRejectedError)
      expect(error).not.toBeInstanceOf(ConversationNotFoundError)
      expect((error as RequestRejectedError).status).toBe(404)
      expect(delays).toEqual([])
    }
  })
})
