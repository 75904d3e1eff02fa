import { describe, expect, it } from 'vitest'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import {
  apiConversationPageSchema,
  apiConversationSchema,
  describeSchemaError
} from './conversationSchema'

const base = {
  id: 'abc',
  assistant_id: 'a1',
  assistant_name: 'Support Assistant',
  type: 'widget',
  variables: {},
  message_count: 3,
  total_cost: 0.001,
  ai_enabled: true,
  created_at: '2025-01-25 14:30:00',
  updated_at: '2025-01-25 14:45:22'
}

function parseRow(patch: Record<string, unknown>) {
  return apiConversationSchema.safeParse({ ...base, ...patch })
}

function problemWith(body: unknown): string {
  const result = apiConversationPageSchema.safeParse(body)
  if (result.success) throw new Error('expected the page to be refused')
  return describeSchemaError(result.error, body)
}

describe('apiConversationSchema', () => {
  it('accepts the documentation examples, non-UUID ids included', () => {
    const rows = DOC_EXAMPLE_CONVERSATIONS.map((row) => apiConversationSchema.parse(row))
    expect(rows.map((r) => r.id)).toEqual([
      '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      '8d0f7780-8536-51ef-055c-f18fd2g01bf8',
      '9e1g8891-9647-62fg-166d-g29ge3h12cg9'
    ])
    expect(rows[1].variables).toBeNull()
    expect(rows[1].customer).toEqual({ name: 'John Doe', phone: '+14155559876' })
    expect(rows[2].external_identifier).toBe('crm-lead-12345')
    expect(rows[0].created_at).toBe('2025-01-25T14:30:00.000Z')
    expect(rows[0].whatsapp_sender).toBeNull()
  })

  it('stringifies numeric ids', () => {
    const row = parseRow({ id: 42, assistant_id: 7 })
    expect(row.success && [row.data.id, row.data.assistant_id]).toEqual(['42', '7'])
  })

  it('refuses an empty or missing id', () => {
    expect(parseRow({ id: '' }).success).toBe(false)
    expect(parseRow({ id: '  ' }).success).toBe(false)
    expect(parseRow({ id: undefined }).success).toBe(false)
    expect(parseRow({ id: { uuid: 'x' } }).success).toBe(false)
  })

  it('reads costs and counts sent as strings', () => {
    const row = parseRow({ total_cost: '0.0045', message_count: '12' })
    expect(row.success && [row.data.total_cost, row.data.message_count]).toEqual([0.0045, 12])
  })

  it('refuses a cost or count that is not a number', () => {
    expect(parseRow({ total_cost: 'free' }).success).toBe(false)
    expect(parseRow({ message_count: 2.5 }).success).toBe(false)
    expect(parseRow({ message_count: '-3' }).success).toBe(false)
  })

  it('reads ai_enabled as a boolean, 0/1 or "true"/"false"', () => {
    const values = [true, false, 1, 0, '1', '0', 'true', 'false', null].map((v) => {
      const row = parseRow({ ai_enabled: v })
      return row.success ? row.data.ai_enabled : 'refused'
    })
    expect(values).toEqual([true, false, true, false, true, false, true, false, null])
    expect(parseRow({ ai_enabled: 'yes' }).success).toBe(false)
  })

  it('turns PHP [] variables into {} and keeps null or missing as null', () => {
    const empty = parseRow({ variables: [] })
    expect(empty.success && empty.data.variables).toEqual({})
    const nulled = parseRow({ variables: null })
    expect(nulled.success && nulled.data.variables).toBeNull()
    const missing = parseRow({ variables: undefined })
    expect(missing.success && missing.data.variables).toBeNull()
    expect(parseRow({ variables: ['a'] }).success).toBe(false)
    expect(parseRow({ variables: 'plan=premium' }).success).toBe(false)
  })

  it('accepts parties with null fields, null parties and missing ones', () => {
    const row = parseRow({ customer: { name: null, phone: '+14155559876' }, whatsapp_sender: null })
    expect(row.success && row.data.customer).toEqual({ name: null, phone: '+14155559876' })
    expect(row.success && row.data.whatsapp_sender).toBeNull()
    const numeric = parseRow({ customer: { phone: 14155559876 } })
    expect(numeric.success && numeric.data.customer).toEqual({ name: null, phone: '14155559876' })
    expect(parseRow({ customer: 'John' }).success).toBe(false)
  })

  it('requires a created_at that is a date; updated_at may be missing', () => {
    expect(parseRow({ created_at: undefined }).success).toBe(false)
    expect(parseRow({ created_at: 'yesterday' }).success).toBe(false)
    const row = parseRow({ updated_at: undefined })
    expect(row.success && row.data.updated_at).toBeNull()
    expect(parseRow({ updated_at: 'later' }).success).toBe(false)
  })

  it('keeps an undocumented type and drops unknown fields', () => {
    const row = parseRow({ type: 'sms', brand_new_field: 1 })
    expect(row.success && row.data.type).toBe('sms')
    expect(row.success && 'brand_new_field' in row.data).toBe(false)
    expect(parseRow({ type: '' }).success).toBe(false)
  })
})

describe('apiConversationPageSchema', () => {
  it('accepts missing cursors and per_page', () => {
    const page = apiConversationPageSchema.parse({ data: [] })
    expect(page).toMatchObject({ next_cursor: null, prev_cursor: null, per_page: null })
  })

  it('names the row, its id and the field when a created_at does not parse', () => {
    const body = { data: [base, { ...base, id: 'row-two', created_at: 'soon' }], next_cursor: null }
    const problem = problemWith(body)
    expect(problem).toContain('row 2')
    expect(problem).toContain('"row-two"')
    expect(problem).toContain('created_at')
    expect(problem).toContain('"soon"')
  })

  it('names data when it is missing or not an array', () => {
    expect(problemWith({ conversations: [] })).toMatch(/^data: expected an array/)
    expect(problemWith({ data: {} })).toMatch(/^data: expected an array/)
    expect(problemWith([])).toMatch(/expected a JSON object/)
  })

  it('refuses a cursor that is not a string', () => {
    expect(problemWith({ data: [], next_cursor: 5 })).toMatch(/^next_cursor:/)
  })
})
