import { describe, expect, it } from 'vitest'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import { parseConversationPage } from './normalizeConversation'

describe('parseConversationPage', () => {
  it('normalises rows and keeps each row exactly as received', () => {
    const body = JSON.parse(
      JSON.stringify({
        data: [{ ...DOC_EXAMPLE_CONVERSATIONS[0], total_cost: '0.0045', extra: 'kept' }],
        next_cursor: 'abc',
        prev_cursor: null,
        per_page: 15
      })
    )
    const result = parseConversationPage(body)
    if (!result.ok) throw new Error(result.problem)
    expect(result.page).toMatchObject({ nextCursor: 'abc', prevCursor: null, perPage: 15 })
    const [input] = result.page.conversations
    expect(input.conversation).toEqual({
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      assistant_id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
      assistant_name: 'Support Assistant',
      type: 'widget',
      variables: { user_name: 'Jane Smith', plan: 'premium' },
      external_identifier: null,
      message_count: 12,
      total_cost: 0.0045,
      ai_enabled: true,
      created_at: '2025-01-25T14:30:00.000Z',
      updated_at: '2025-01-25T14:45:22.000Z',
      whatsapp_sender: null,
      customer: null
    })
    expect(JSON.parse(input.rawJson)).toEqual(body.data[0])
    expect(input.rawJson).toContain('"total_cost":"0.0045"')
    expect(input.rawJson).toContain('"extra":"kept"')
  })

  it('keeps PHP [] in the raw JSON while the normalised variables become {}', () => {
    const result = parseConversationPage({
      data: [{ ...DOC_EXAMPLE_CONVERSATIONS[1], variables: [] }],
      next_cursor: null
    })
    if (!result.ok) throw new Error(result.problem)
    const [input] = result.page.conversations
    expect(input.conversation.variables).toEqual({})
    expect(input.rawJson).toContain('"variables":[]')
    expect(input.conversation.customer).toEqual({ name: 'John Doe', phone: '+14155559876' })
  })

  it('reports a problem instead of throwing', () => {
    const result = parseConversationPage({ data: 'nope' })
    expect(result).toEqual({ ok: false, problem: expect.stringContaining('data') })
  })
})
