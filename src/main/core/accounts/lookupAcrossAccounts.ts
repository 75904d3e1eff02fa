import type { AccountLabel } from '../../../shared/model/account'
import type { Conversation } from '../../../shared/model/conversation'
import {
  CUSTOMER_CONVERSATION_LIMIT,
  type CustomerLookup,
  type CustomerOverview,
  type LabelledConversation,
  type UnansweredAccount
} from '../../../shared/model/customer'
import { describeError } from '../errors'

/** One account to look a customer up in: its archive's answer for a number. */
export interface LookupSource {
  account: AccountLabel
  customer(phone: string): Promise<CustomerOverview>
}

/** A conversation with its time parsed once: a sort's comparisons must not parse. */
interface Listed {
  at: number
  conversation: Conversation
  account: AccountLabel
}

function newestFirst(a: Listed, b: Listed): number {
  return b.at - a.at
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b
  return Date.parse(a) <= Date.parse(b) ? a : b
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b
  return Date.parse(a) >= Date.parse(b) ? a : b
}

/**
 * Every account's conversations with this number at once, each labelled with its account:
 * an agency does not know which client's line the caller dialled. The archives answer side by
 * side (each on its own reader thread); one that cannot answer is named, and the others still
 * count. Lists merge newest first up to the customer view's limit; counts and costs cover all.
 */
export async function lookupAcrossAccounts(
  phone: string,
  sources: readonly LookupSource[],
  describe: (error: unknown) => string = describeError
): Promise<CustomerLookup> {
  const answers = await Promise.all(
    sources.map(async (source) => {
      try {
        return { source, overview: await source.customer(phone) }
      } catch (error) {
        return { source, error: describe(error) }
      }
    })
  )
  const unanswered: UnansweredAccount[] = []
  const conversations: Listed[] = []
  let count = 0
  let totalCost = 0
  let first: string | null = null
  let last: string | null = null
  // Each archive formats the number alike, but one that holds it may know its country code.
  let display: string | null = null
  let displayFromMatch = false
  for (const answer of answers) {
    if (!('overview' in answer) || answer.overview === undefined) {
      unanswered.push({ account: answer.source.account, message: answer.error ?? '' })
      continue
    }
    const { overview, source } = answer
    for (const conversation of overview.conversations) {
      conversations.push({
        at: Date.parse(conversation.created_at),
        conversation,
        account: source.account
      })
    }
    count += overview.count
    totalCost += overview.total_cost
    first = earliest(first, overview.first_contact_at)
    last = latest(last, overview.last_contact_at)
    if (display === null || (!displayFromMatch && overview.count > 0)) {
      display = overview.display
      displayFromMatch = overview.count > 0
    }
  }
  // Five accounts answer up to 2,500 conversations: only those listed are labelled.
  conversations.sort(newestFirst)
  const listed: LabelledConversation[] = conversations
    .slice(0, CUSTOMER_CONVERSATION_LIMIT)
    .map(({ conversation, account }) => ({ ...conversation, account }))
  return {
    phone,
    display: display ?? phone,
    name: listed.find((conversation) => conversation.customer?.name)?.customer?.name ?? null,
    conversations: listed,
    count,
    total_cost: totalCost,
    first_contact_at: first,
    last_contact_at: last,
    accounts: sources.map((source) => source.account),
    unanswered
  }
}
