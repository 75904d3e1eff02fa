import { describe, expect, it } from 'vitest'
import { CUSTOMER_CONVERSATION_LIMIT, type CustomerOverview } from '../../../shared/model/customer'
import type { Conversation } from '../../../shared/model/conversation'
import { lookupAcrossAccounts, type LookupSource } from './lookupAcrossAccounts'

function conversation(id: string, createdAt: string, name: string | null = null): Conversation {
  return {
    id,
    assistant_id: null,
    assistant_name: null,
    type: 'api',
    variables: null,
    external_identifier: null,
    message_count: 2,
    total_cost: 0.01,
    ai_enabled: true,
    created_at: createdAt,
    updated_at: null,
    whatsapp_sender: null,
    customer: { name, phone: '+14155559876' },
    removed_at: null
  }
}

function overview(conversations: Conversation[], fields: Partial<CustomerOverview> = {}) {
  return {
    phone: '4155559876',
    display: '415-555-9876',
    name: null,
    conversations,
    count: conversations.length,
    total_cost: conversations.length * 0.01,
    first_contact_at: conversations.at(-1)?.created_at ?? null,
    last_contact_at: conversations[0]?.created_at ?? null,
    ...fields
  }
}

function source(id: string, answer: CustomerOverview | Error): LookupSource {
  return {
    account: { id, name: id.toUpperCase() },
    customer: async () => {
      if (answer instanceof Error) throw answer
      return answer
    }
  }
}

describe('a customer looked up across accounts', () => {
  it('merges every account newest first, labelled, with counts, costs and dates over all', async () => {
    const lookup = await lookupAcrossAccounts('4155559876', [
      source(
        'a',
        overview([
          conversation('a2', '2025-03-01T00:00:00Z'),
          conversation('a1', '2025-01-01T00:00:00Z', 'John')
        ])
      ),
      source(
        'b',
        overview([conversation('b1', '2025-02-01T00:00:00Z', 'Johnny')], {
          display: '+1 415 555 9876',
          total_cost: 0.5
        })
      ),
      source('c', overview([]))
    ])
    expect(lookup.conversations.map((c) => [c.id, c.account?.name])).toEqual([
      ['a2', 'A'],
      ['b1', 'B'],
      ['a1', 'A']
    ])
    expect(lookup.count).toBe(3)
    expect(lookup.total_cost).toBeCloseTo(0.52, 10)
    expect(lookup.first_contact_at).toBe('2025-01-01T00:00:00Z')
    expect(lookup.last_contact_at).toBe('2025-03-01T00:00:00Z')
    // The newest conversation that names the customer.
    expect(lookup.name).toBe('Johnny')
    expect(lookup.display).toBe('415-555-9876')
    expect(lookup.accounts).toEqual([
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
      { id: 'c', name: 'C' }
    ])
    expect(lookup.unanswered).toEqual([])
  })

  it('names an account that could not answer and still counts the others', async () => {
    const lookup = await lookupAcrossAccounts(
      '4155559876',
      [
        source('a', new Error('locked')),
        source('b', overview([conversation('b1', '2025-02-01T00:00:00Z')]))
      ],
      (error) => `Cannot read: ${(error as Error).message}`
    )
    expect(lookup.unanswered).toEqual([
      { account: { id: 'a', name: 'A' }, message: 'Cannot read: locked' }
    ])
    expect(lookup.count).toBe(1)
    expect(lookup.conversations.map((c) => c.id)).toEqual(['b1'])
  })

  it('lists at most the customer view limit, while the count covers every conversation', async () => {
    const many = (prefix: string, offset: number) =>
      Array.from({ length: CUSTOMER_CONVERSATION_LIMIT }, (_, i) =>
        conversation(
          `${prefix}${i}`,
          new Date(Date.UTC(2025, 0, 1) - (2 * i + offset) * 60_000).toISOString()
        )
      )
    const lookup = await lookupAcrossAccounts('4155559876', [
      source('a', overview(many('a', 0), { count: 900 })),
      source('b', overview(many('b', 1), { count: 600 }))
    ])
    expect(lookup.conversations).toHaveLength(CUSTOMER_CONVERSATION_LIMIT)
    expect(lookup.conversations.slice(0, 3).map((c) => c.id)).toEqual(['a0', 'b0', 'a1'])
    expect(lookup.count).toBe(1500)
  })
})
