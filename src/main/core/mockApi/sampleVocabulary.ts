import type { ApiPartyJson } from '../api/conversationSchema'

/* What the sample conversations are made of: assistants, WhatsApp senders, variables' values. */

export const ASSISTANTS: readonly { readonly id: string; readonly name: string }[] = [
  { id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab', name: 'Support Assistant' },
  { id: '3f6c2b1e-9d4a-4e7b-8c21-5a0f7e9d3b64', name: 'Sales Qualifier' },
  { id: 'c8e1f0a2-6b3d-4f59-a7e4-2d91b6c0e853', name: 'Booking Bot' },
  { id: '5b9d7e3a-1c2f-4a86-b0d5-e47f3a9c1268', name: 'Onboarding Helper' },
  { id: 'e2a4c6b8-0d1f-4e3a-9b5c-7d8e6f4a2c10', name: 'Payment Reminders' },
  { id: '91f3e5d7-b2a4-4c68-8e0a-6c4b2d9f7e35', name: 'Website Concierge' }
]

export const SENDERS: readonly ApiPartyJson[] = [
  { name: 'Acme Corp Support', phone: '+14155551234' },
  { name: 'Acme Corp Sales', phone: '+14155550199' },
  { name: 'Acme Europe', phone: '+44 20 7946 0123' },
  { name: 'Acme Brasil', phone: '5511987650000' }
]

export const PLANS = ['free', 'starter', 'premium', 'enterprise']
export const SOURCES = ['website', 'facebook', 'import', 'referral', 'google-ads']
export const LANGUAGES = ['en', 'de', 'fr', 'nl', 'pt', 'es', 'hi']
export const PAGES = ['/pricing', '/contact', '/', '/docs', '/checkout']
