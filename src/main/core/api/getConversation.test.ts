import { describe, expect, it } from 'vitest'
import { RequestRejectedError } from '../errors'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import { clientFor, useMockApi } from './apiTestKit'

const start = useMockApi()

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
