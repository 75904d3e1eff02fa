import type { ApiConversationJson } from '../api/conversationSchema'
import { formatApiDate } from './formatApiDate'
import { customerAt, type Customer } from './sampleCustomers'
import { uuid } from './sampleUuid'
import { ASSISTANTS, LANGUAGES, PAGES, PLANS, SENDERS, SOURCES } from './sampleVocabulary'
import { mix32, SeededRandom, weightedTable } from './seededRandom'

export { DOC_EXAMPLE_CONVERSATIONS } from './docExampleConversations'
export { ASSISTANTS } from './sampleVocabulary'
export { mix32 } from './seededRandom'

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

type RowType = 'whatsapp' | 'widget' | 'api' | 'test'
const TYPE_WEIGHTS: readonly (readonly [number, RowType])[] = [
  [55, 'whatsapp'],
  [22, 'widget'],
  [15, 'api'],
  [8, 'test']
]

const TYPE_TABLE = weightedTable(TYPE_WEIGHTS)
const random = new SeededRandom()

function roundCost(value: number): number {
  return Math.round(value * 10_000) / 10_000
}

function variablesFor(type: RowType, customer: Customer): ApiConversationJson['variables'] {
  const draw = random.nextUnit()
  // PHP encodes an empty associative array as [], and test chats rarely carry variables.
  if (type === 'test' || draw < 0.07) return []
  if (draw < 0.15) return null
  switch (type) {
    case 'widget':
      return {
        user_name: customer.name ?? 'Guest',
        plan: random.pick(PLANS),
        page: random.pick(PAGES)
      }
    case 'api':
      return { lead_id: String(customer.lead), source: random.pick(SOURCES) }
    case 'whatsapp':
      return { language: random.pick(LANGUAGES) }
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
  random.reseed(mix32(seedHash ^ mix32(index)))

  const id = uuid(random, mix32((index + seedHash) | 0))
  const assistant = random.pick(ASSISTANTS)
  const type = random.pick(TYPE_TABLE)
  // Squaring the draw makes a few customers regulars and most of them occasional.
  const pool = Math.max(20, Math.round(total / 4))
  const customer = customerAt(random, seedHash, Math.floor(random.nextUnit() ** 2 * pool))
  const variables = variablesFor(type, customer)
  // A test chat is sometimes opened and left without a word: its transcript is empty.
  const countDraw = random.nextUnit()
  const messageCount =
    type === 'test' && countDraw < 0.25 ? 0 : 1 + Math.floor(countDraw ** 1.5 * 40)
  const cost = roundCost(messageCount * (0.0003 + random.nextUnit() * 0.0004))
  const costAsString = random.nextUnit() < 0.12
  const aiEnabled = random.nextUnit() < 0.92
  // Each row lives in its own slot of `gap` seconds, so created_at falls as the index grows.
  const gap = Math.max(1, Math.floor(SPAN_SECONDS / total))
  const created = nowSeconds - 60 - index * gap - Math.floor(random.nextUnit() * gap)
  const updated = Math.min(nowSeconds, created + Math.floor(random.nextUnit() ** 2 * 3 * 3600))

  const totalCost = costAsString ? cost.toFixed(4) : cost
  const createdAt = formatApiDate(created)
  const updatedAt = formatApiDate(updated)
  // Keys in the documentation's order, the optional ones only where the type has them; object
  // literals rather than spreads, which cost a third of the time here.
  if (type === 'api' && random.nextUnit() < 0.85) {
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
    const sender = random.pick(SENDERS)
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
