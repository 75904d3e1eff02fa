import type { ApiConversationJson } from '../api/conversationSchema'

/** The three rows of the documentation's example response, verbatim. */
export const DOC_EXAMPLE_CONVERSATIONS: readonly ApiConversationJson[] = Object.freeze([
  {
    id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    assistant_id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
    assistant_name: 'Support Assistant',
    type: 'widget',
    variables: {
      user_name: 'Jane Smith',
      plan: 'premium'
    },
    message_count: 12,
    total_cost: 0.0045,
    ai_enabled: true,
    created_at: '2025-01-25 14:30:00',
    updated_at: '2025-01-25 14:45:22'
  },
  {
    id: '8d0f7780-8536-51ef-055c-f18fd2g01bf8',
    assistant_id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
    assistant_name: 'Support Assistant',
    type: 'whatsapp',
    variables: null,
    message_count: 8,
    total_cost: 0.0032,
    ai_enabled: true,
    created_at: '2025-01-25 10:15:00',
    updated_at: '2025-01-25 10:28:45',
    whatsapp_sender: {
      name: 'Acme Corp Support',
      phone: '+14155551234'
    },
    customer: {
      name: 'John Doe',
      phone: '+14155559876'
    }
  },
  {
    id: '9e1g8891-9647-62fg-166d-g29ge3h12cg9',
    assistant_id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
    assistant_name: 'Support Assistant',
    type: 'api',
    variables: {
      lead_id: '12345',
      source: 'website'
    },
    external_identifier: 'crm-lead-12345',
    message_count: 5,
    total_cost: 0.0021,
    ai_enabled: true,
    created_at: '2025-01-25 09:00:00',
    updated_at: '2025-01-25 09:15:30'
  }
])
