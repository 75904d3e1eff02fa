import { describe, expect, it } from 'vitest'
import { apiConversationSchema } from '../api/conversationSchema'
import {
  ASSISTANTS,
  DOC_EXAMPLE_CONVERSATIONS,
  generateConversation
} from './generateConversations'

const TOTAL = 20_000
const rows = Array.from({ length: TOTAL }, (_, i) => generateConversation(i, { total: TOTAL }))

function share(predicate: (row: (typeof rows)[number]) => boolean): number {
  return rows.filter(predicate).length / rows.length
}

describe('generateConversation', () => {
  it('is deterministic for a seed, in any order of calls', () => {
    const again = [5, 3, 0].map((i) => generateConversation(i, { total: TOTAL }))
    expect(again).toEqual([rows[5], rows[3], rows[0]])
    expect(generateConversation(5, { seed: 2, total: TOTAL })).not.toEqual(rows[5])
  })

  it('produces rows the list schema accepts', () => {
    for (const row of rows.slice(0, 2_000)) apiConversationSchema.parse(row)
  })

  it('gives every row its own UUID', () => {
    expect(new Set(rows.map((row) => row.id)).size).toBe(TOTAL)
    expect(rows[0].id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    )
  })

  it('goes back in time as the index grows, in the API date format', () => {
    const now = new Date('2025-03-01T00:00:00Z')
    const dated = [0, 1, 2, 500, 19_999].map((i) => generateConversation(i, { now, total: TOTAL }))
    for (const row of dated) {
      expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
      expect(row.updated_at >= row.created_at).toBe(true)
      expect(row.updated_at <= '2025-03-01 00:00:00').toBe(true)
    }
    for (let i = 1; i < 1_000; i++) expect(rows[i].created_at <= rows[i - 1].created_at).toBe(true)
    expect(dated[4].created_at < '2023-04-01').toBe(true)
  })

  it('mixes all four types, WhatsApp the most common', () => {
    const whatsapp = share((r) => r.type === 'whatsapp')
    expect(whatsapp).toBeGreaterThan(0.45)
    for (const type of ['widget', 'api', 'test']) {
      const part = share((r) => r.type === type)
      expect(part).toBeGreaterThan(0.03)
      expect(part).toBeLessThan(whatsapp)
    }
    expect(new Set(rows.map((r) => r.assistant_id))).toEqual(new Set(ASSISTANTS.map((a) => a.id)))
  })

  it('gives WhatsApp rows a sender and a customer, and only them', () => {
    for (const row of rows.slice(0, 2_000)) {
      const whatsapp = row.type === 'whatsapp'
      expect('customer' in row, row.id).toBe(whatsapp)
      expect('whatsapp_sender' in row, row.id).toBe(whatsapp)
    }
    const senders = new Set(rows.map((r) => r.whatsapp_sender?.phone).filter(Boolean))
    expect(senders.size).toBeGreaterThanOrEqual(2)
  })

  it('spells customer phones as real data does, from several countries', () => {
    const phones = rows.flatMap((r) => (r.customer?.phone ? [r.customer.phone] : []))
    const e164 = phones.filter((p) => /^\+\d{8,15}$/.test(p)).length / phones.length
    expect(e164).toBeGreaterThan(0.5)
    expect(phones.some((p) => /^\d{10,15}$/.test(p))).toBe(true)
    expect(phones.some((p) => /^\+\d+( \d+)+$/.test(p))).toBe(true)
    const codes = new Set(phones.map((p) => p.replace(/\D/g, '').slice(0, 2)))
    for (const code of ['14', '44', '49', '33', '31', '55', '91']) expect(codes).toContain(code)
  })

  it('brings customers back for several conversations', () => {
    const counts = new Map<string, number>()
    for (const row of rows) {
      const phone = row.customer?.phone?.replace(/\D/g, '')
      if (phone) counts.set(phone, (counts.get(phone) ?? 0) + 1)
    }
    const repeat = [...counts.values()].filter((n) => n >= 3).length
    expect(repeat).toBeGreaterThan(100)
    expect(counts.size).toBeGreaterThan(1_000)
  })

  it('sends the drift real servers show: [] and null variables, costs as strings', () => {
    expect(share((r) => Array.isArray(r.variables))).toBeGreaterThan(0.05)
    expect(share((r) => r.variables === null)).toBeGreaterThan(0.03)
    expect(share((r) => typeof r.total_cost === 'string')).toBeGreaterThan(0.05)
    expect(rows.find((r) => typeof r.total_cost === 'string')?.total_cost).toMatch(/^\d\.\d{4}$/)
  })

  it('leaves some test chats without a message, and only them', () => {
    const empty = rows.filter((r) => r.message_count === 0)
    expect(empty.length).toBeGreaterThan(0.01 * TOTAL)
    expect(empty.every((r) => r.type === 'test' && Number(r.total_cost) === 0)).toBe(true)
  })

  it('gives most API rows a CRM external identifier', () => {
    const api = rows.filter((r) => r.type === 'api')
    const withId = api.filter((r) => /^crm-lead-\d+$/.test(r.external_identifier ?? ''))
    expect(withId.length / api.length).toBeGreaterThan(0.7)
    expect(rows.filter((r) => r.type !== 'api').some((r) => 'external_identifier' in r)).toBe(false)
  })
})

describe('DOC_EXAMPLE_CONVERSATIONS', () => {
  it('holds the three documented rows verbatim', () => {
    expect(DOC_EXAMPLE_CONVERSATIONS.map((r) => [r.id, r.type, r.total_cost])).toEqual([
      ['7c9e6679-7425-40de-944b-e07fc1f90ae7', 'widget', 0.0045],
      ['8d0f7780-8536-51ef-055c-f18fd2g01bf8', 'whatsapp', 0.0032],
      ['9e1g8891-9647-62fg-166d-g29ge3h12cg9', 'api', 0.0021]
    ])
    expect(DOC_EXAMPLE_CONVERSATIONS[2].external_identifier).toBe('crm-lead-12345')
  })
})
