import type { Conversation, ConversationInput, Party } from '../types'

/** Test-only: a normalised conversation with its API JSON, built from a few overrides. */
export type ConversationFields = Omit<Conversation, 'removed_at'>

const DEFAULTS: ConversationFields = {
  id: 'c-1',
  assistant_id: 'a-1',
  assistant_name: 'Support Assistant',
  type: 'widget',
  variables: null,
  external_identifier: null,
  message_count: 3,
  total_cost: 0.001,
  ai_enabled: true,
  created_at: '2025-01-25T14:30:00.000Z',
  updated_at: '2025-01-25T14:45:22.000Z',
  whatsapp_sender: null,
  customer: null
}

/** `2025-01-25T14:30:00.000Z` as the API spells it: `2025-01-25 14:30:00`. */
function apiTime(iso: string | null): string | null {
  return iso === null ? null : iso.slice(0, 19).replace('T', ' ')
}

function apiParty(party: Party | null): Party | undefined {
  return party ?? undefined
}

export function makeRow(overrides: Partial<ConversationFields> = {}): ConversationInput {
  const conversation = { ...DEFAULTS, ...overrides }
  const raw = {
    ...conversation,
    created_at: apiTime(conversation.created_at),
    updated_at: apiTime(conversation.updated_at),
    external_identifier: conversation.external_identifier ?? undefined,
    whatsapp_sender: apiParty(conversation.whatsapp_sender),
    customer: apiParty(conversation.customer)
  }
  return { conversation, rawJson: JSON.stringify(raw) }
}

/** A WhatsApp conversation with a customer (and the sender every test shares unless told). */
export function makeWhatsAppRow(
  id: string,
  customerPhone: string,
  overrides: Partial<ConversationFields> = {}
): ConversationInput {
  return makeRow({
    id,
    type: 'whatsapp',
    whatsapp_sender: { name: 'Acme Corp Support', phone: '+14155551234' },
    customer: { name: `Customer ${id}`, phone: customerPhone },
    ...overrides
  })
}
