import { describe, expect, it } from 'vitest'
import { apiConversationDetailSchema } from './conversationDetailSchema'

describe('apiConversationDetailSchema', () => {
  it('reads a history, keeping function calls exactly as received', () => {
    const detail = apiConversationDetailSchema.parse({
      status: true,
      history: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: null,
          function_calls: [
            { name: 'book', arguments: '{"day":"tue"}', result: { ok: true } },
            { name: 'ping', arguments: [], result: null }
          ]
        }
      ],
      variables: []
    })
    expect(detail).toEqual({
      status: true,
      history: [
        { role: 'user', content: 'Hi', function_calls: undefined },
        {
          role: 'assistant',
          content: '',
          function_calls: [
            { name: 'book', arguments: '{"day":"tue"}', result: { ok: true } },
            { name: 'ping', arguments: [], result: null }
          ]
        }
      ],
      variables: {},
      external_identifier: null,
      whatsapp_sender: null,
      customer: null
    })
  })

  it('refuses a message without a role or with text that is not text', () => {
    for (const message of [{ content: 'hi' }, { role: 'user', content: 3 }]) {
      const result = apiConversationDetailSchema.safeParse({
        status: true,
        history: [message],
        variables: null
      })
      expect(result.success).toBe(false)
    }
  })

  it('refuses function calls that are not a list', () => {
    const result = apiConversationDetailSchema.safeParse({
      status: true,
      history: [{ role: 'assistant', content: '', function_calls: { name: 'x' } }],
      variables: null
    })
    expect(result.success).toBe(false)
  })

  it('reads a failure', () => {
    expect(
      apiConversationDetailSchema.parse({ status: false, error: 'Conversation not found' })
    ).toEqual({ status: false, error: 'Conversation not found' })
  })
})
