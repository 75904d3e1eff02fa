import { describe, expect, it } from 'vitest'
import { apiConversationDetailSchema } from './conversationDetailSchema'

describe('apiConversationDetailSchema', () => {
  it('reads a history with function calls', () => {
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
            { name: 'book', arguments: { day: 'tue' }, result: { ok: true } },
            { name: 'ping', arguments: {}, result: null }
          ]
        }
      ],
      variables: {},
      external_identifier: null,
      whatsapp_sender: null,
      customer: null
    })
  })

  it('refuses arguments that are not JSON', () => {
    const result = apiConversationDetailSchema.safeParse({
      status: true,
      history: [
        { role: 'assistant', content: '', function_calls: [{ name: 'x', arguments: '{' }] }
      ],
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
