import type { ApiConversationJson, ApiPartyJson } from '../api/conversationSchema'

/**
 * Deterministic, realistic conversations in the API's raw JSON shape. Row `index` depends only
 * on (seed, index, now, total), so a million rows can be produced one at a time, in any order,
 * with no state: every table is built once at load, and each call draws from a small
 * module-level generator instead of allocating one.
 */

export interface GenerateOptions {
  seed?: number
  /** The newest row's time; fixed by default so the same seed gives the same data. */
  now?: Date
  /** How many rows the data set will hold: the customer pool and the time span scale with it. */
  total?: number
}

export const DEFAULT_NOW = new Date('2025-06-30T12:00:00Z')
const DEFAULT_TOTAL = 10_000
/** A data set of any size covers about two years. */
const SPAN_SECONDS = 2 * 365 * 24 * 3600

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

export const ASSISTANTS: readonly { readonly id: string; readonly name: string }[] = [
  { id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab', name: 'Support Assistant' },
  { id: '3f6c2b1e-9d4a-4e7b-8c21-5a0f7e9d3b64', name: 'Sales Qualifier' },
  { id: 'c8e1f0a2-6b3d-4f59-a7e4-2d91b6c0e853', name: 'Booking Bot' },
  { id: '5b9d7e3a-1c2f-4a86-b0d5-e47f3a9c1268', name: 'Onboarding Helper' },
  { id: 'e2a4c6b8-0d1f-4e3a-9b5c-7d8e6f4a2c10', name: 'Payment Reminders' },
  { id: '91f3e5d7-b2a4-4c68-8e0a-6c4b2d9f7e35', name: 'Website Concierge' }
]

const SENDERS: readonly ApiPartyJson[] = [
  { name: 'Acme Corp Support', phone: '+14155551234' },
  { name: 'Acme Corp Sales', phone: '+14155550199' },
  { name: 'Acme Europe', phone: '+44 20 7946 0123' },
  { name: 'Acme Brasil', phone: '5511987650000' }
]

const FIRST_NAMES = [
  'John',
  'Jane',
  'Maria',
  'Lukas',
  'Emma',
  'Noah',
  'Sophie',
  'Liam',
  'Priya',
  'Arjun',
  'Camille',
  'Hugo',
  'Daan',
  'Sanne',
  'Ana',
  'Pedro',
  'Olivia',
  'James',
  'Fatima',
  'Chen',
  'Lea',
  'Jonas',
  'Ines',
  'Rahul',
  'Lucas',
  'Julia',
  'Thomas',
  'Chloe',
  'Mohammed',
  'Aisha'
]
const LAST_NAMES = [
  'Doe',
  'Smith',
  'Müller',
  'Schmidt',
  'Dubois',
  'Martin',
  'de Vries',
  'Jansen',
  'Silva',
  'Santos',
  'Sharma',
  'Patel',
  'García',
  'López',
  'Johnson',
  'Brown',
  'Williams',
  'Wagner',
  'Bernard',
  'Bakker',
  'Oliveira',
  'Singh',
  'Fernández',
  'Taylor',
  "O'Brien",
  'Nguyen'
]

/** A country's numbers: national prefixes, how many random digits follow, how people group them. */
interface NumberPlan {
  code: string
  prefix: string
  digits: number
  /** Group sizes of the national number in the spaced spelling. */
  groups: readonly number[]
}

const NUMBER_PLANS: readonly (readonly [weight: number, plan: NumberPlan])[] = [
  [12, { code: '1', prefix: '4155', digits: 6, groups: [3, 3, 4] }],
  [8, { code: '1', prefix: '2127', digits: 6, groups: [3, 3, 4] }],
  [8, { code: '1', prefix: '3128', digits: 6, groups: [3, 3, 4] }],
  [6, { code: '1', prefix: '7374', digits: 6, groups: [3, 3, 4] }],
  [7, { code: '44', prefix: '7400', digits: 6, groups: [4, 6] }],
  [5, { code: '44', prefix: '2079460', digits: 3, groups: [2, 4, 4] }],
  [6, { code: '49', prefix: '151', digits: 8, groups: [3, 8] }],
  [4, { code: '49', prefix: '30', digits: 8, groups: [2, 8] }],
  [8, { code: '33', prefix: '61', digits: 7, groups: [1, 2, 2, 2, 2] }],
  [6, { code: '31', prefix: '61', digits: 7, groups: [1, 8] }],
  [10, { code: '55', prefix: '119', digits: 8, groups: [2, 5, 4] }],
  [10, { code: '91', prefix: '98', digits: 8, groups: [5, 5] }],
  [5, { code: '34', prefix: '6', digits: 8, groups: [3, 3, 3] }],
  [5, { code: '52', prefix: '55', digits: 8, groups: [2, 4, 4] }]
]

type RowType = 'whatsapp' | 'widget' | 'api' | 'test'
const TYPE_WEIGHTS: readonly (readonly [number, RowType])[] = [
  [55, 'whatsapp'],
  [22, 'widget'],
  [15, 'api'],
  [8, 'test']
]

const PLANS = ['free', 'starter', 'premium', 'enterprise']
const SOURCES = ['website', 'facebook', 'import', 'referral', 'google-ads']
const LANGUAGES = ['en', 'de', 'fr', 'nl', 'pt', 'es', 'hi']
const PAGES = ['/pricing', '/contact', '/', '/docs', '/checkout']

/** A table of 100 (or so) entries to pick a weighted value with one draw. */
function weightedTable<T>(entries: readonly (readonly [number, T])[]): readonly T[] {
  const table: T[] = []
  for (const [weight, value] of entries) for (let i = 0; i < weight; i++) table.push(value)
  return table
}

const PLAN_TABLE = weightedTable(NUMBER_PLANS)
const TYPE_TABLE = weightedTable(TYPE_WEIGHTS)
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const POWERS_OF_TEN = Array.from({ length: 10 }, (_, i) => 10 ** i)

/** murmur3's finaliser: a bijection on 32-bit integers that scatters nearby inputs. */
export function mix32(value: number): number {
  let h = value | 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

// mulberry32's state; one generator is reseeded per row rather than one allocated per row.
let state = 0

function reseed(value: number): void {
  state = value | 0
}

function nextUint32(): number {
  state = (state + 0x6d2b79f5) | 0
  let t = Math.imul(state ^ (state >>> 15), state | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return (t ^ (t >>> 14)) >>> 0
}

function nextUnit(): number {
  return nextUint32() / 4_294_967_296
}

function pick<T>(values: readonly T[]): T {
  return values[Math.floor(nextUnit() * values.length)]
}

function randomDigits(count: number): string {
  return String(nextUint32() % POWERS_OF_TEN[count]).padStart(count, '0')
}

function hexWord(value: number): string {
  return HEX[value >>> 24] + HEX[(value >>> 16) & 255] + HEX[(value >>> 8) & 255] + HEX[value & 255]
}

/** A version-4 UUID whose last 8 hex digits are a bijection of `unique`, so ids never collide. */
function uuid(unique: number): string {
  const a = nextUint32()
  const b = nextUint32()
  const c = nextUint32()
  const versioned = ((b & 0x0fff) | 0x4000).toString(16).padStart(4, '0')
  const variant = (((c >>> 16) & 0x3fff) | 0x8000).toString(16)
  return (
    hexWord(a) +
    '-' +
    hexWord(b).slice(0, 4) +
    '-' +
    versioned +
    '-' +
    variant +
    '-' +
    hexWord(c).slice(4) +
    hexWord(unique)
  )
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))
// Neighbouring rows share a day, so the day's text is reused; toISOString is the slow part.
let cachedDay = NaN
let cachedDayText = ''

function formatApiDate(epochSeconds: number): string {
  const day = Math.floor(epochSeconds / 86_400)
  if (day !== cachedDay) {
    cachedDay = day
    cachedDayText = new Date(day * 86_400_000).toISOString().slice(0, 10) + ' '
  }
  const second = epochSeconds - day * 86_400
  return (
    cachedDayText +
    TWO_DIGITS[Math.floor(second / 3600)] +
    ':' +
    TWO_DIGITS[Math.floor(second / 60) % 60] +
    ':' +
    TWO_DIGITS[second % 60]
  )
}

function roundCost(value: number): number {
  return Math.round(value * 10_000) / 10_000
}

interface Customer {
  name: string | null
  phone: string
  lead: number
}

/**
 * A customer depends on (seed, number) alone, so the same person comes back in many rows. Most
 * numbers are E.164; some lack the plus or carry spaces, as numbers typed into CRMs do.
 */
function customerAt(seedHash: number, number: number): Customer {
  const rowState = state
  reseed(mix32(seedHash ^ mix32(number + 0x51ed270b)))
  const plan = pick(PLAN_TABLE)
  const national = plan.prefix + randomDigits(plan.digits)
  const spelling = nextUnit()
  let phone = '+' + plan.code + national
  if (spelling >= 0.85) phone = plan.code + national
  else if (spelling >= 0.7) phone = '+' + plan.code + ' ' + groupDigits(national, plan.groups)
  const name = nextUnit() < 0.15 ? null : pick(FIRST_NAMES) + ' ' + pick(LAST_NAMES)
  state = rowState
  return { name, phone, lead: 10_000 + number }
}

function groupDigits(digits: string, groups: readonly number[]): string {
  let out = ''
  let at = 0
  for (const size of groups) {
    out += (at === 0 ? '' : ' ') + digits.slice(at, at + size)
    at += size
  }
  return out
}

function variablesFor(type: RowType, customer: Customer): ApiConversationJson['variables'] {
  const draw = nextUnit()
  // PHP encodes an empty associative array as [], and test chats rarely carry variables.
  if (type === 'test' || draw < 0.07) return []
  if (draw < 0.15) return null
  switch (type) {
    case 'widget':
      return { user_name: customer.name ?? 'Guest', plan: pick(PLANS), page: pick(PAGES) }
    case 'api':
      return { lead_id: String(customer.lead), source: pick(SOURCES) }
    case 'whatsapp':
      return { language: pick(LANGUAGES) }
  }
}

/** Row `index` of a data set, 0 being the newest; older rows follow as the index grows. */
export function generateConversation(
  index: number,
  options: GenerateOptions = {}
): ApiConversationJson {
  const seedHash = mix32(options.seed ?? 1)
  const total = Math.max(1, options.total ?? DEFAULT_TOTAL)
  const nowSeconds = Math.floor((options.now ?? DEFAULT_NOW).getTime() / 1000)
  reseed(mix32(seedHash ^ mix32(index)))

  const id = uuid(mix32((index + seedHash) | 0))
  const assistant = pick(ASSISTANTS)
  const type = pick(TYPE_TABLE)
  // Squaring the draw makes a few customers regulars and most of them occasional.
  const pool = Math.max(20, Math.round(total / 4))
  const customer = customerAt(seedHash, Math.floor(nextUnit() ** 2 * pool))
  const variables = variablesFor(type, customer)
  // A test chat is sometimes opened and left without a word: its transcript is empty.
  const countDraw = nextUnit()
  const messageCount =
    type === 'test' && countDraw < 0.25 ? 0 : 1 + Math.floor(countDraw ** 1.5 * 40)
  const cost = roundCost(messageCount * (0.0003 + nextUnit() * 0.0004))
  const costAsString = nextUnit() < 0.12
  const aiEnabled = nextUnit() < 0.92
  // Each row lives in its own slot of `gap` seconds, so created_at falls as the index grows.
  const gap = Math.max(1, Math.floor(SPAN_SECONDS / total))
  const created = nowSeconds - 60 - index * gap - Math.floor(nextUnit() * gap)
  const updated = Math.min(nowSeconds, created + Math.floor(nextUnit() ** 2 * 3 * 3600))

  const totalCost = costAsString ? cost.toFixed(4) : cost
  const createdAt = formatApiDate(created)
  const updatedAt = formatApiDate(updated)
  // Keys in the documentation's order, the optional ones only where the type has them; object
  // literals rather than spreads, which cost a third of the time here.
  if (type === 'api' && nextUnit() < 0.85) {
    return {
      id,
      assistant_id: assistant.id,
      assistant_name: assistant.name,
      type,
      variables,
      external_identifier: `crm-lead-${customer.lead}`,
      message_count: messageCount,
      total_cost: totalCost,
      ai_enabled: aiEnabled,
      created_at: createdAt,
      updated_at: updatedAt
    }
  }
  if (type === 'whatsapp') {
    const sender = pick(SENDERS)
    return {
      id,
      assistant_id: assistant.id,
      assistant_name: assistant.name,
      type,
      variables,
      message_count: messageCount,
      total_cost: totalCost,
      ai_enabled: aiEnabled,
      created_at: createdAt,
      updated_at: updatedAt,
      whatsapp_sender: { name: sender.name, phone: sender.phone },
      customer: { name: customer.name, phone: customer.phone }
    }
  }
  return {
    id,
    assistant_id: assistant.id,
    assistant_name: assistant.name,
    type,
    variables,
    message_count: messageCount,
    total_cost: totalCost,
    ai_enabled: aiEnabled,
    created_at: createdAt,
    updated_at: updatedAt
  }
}
