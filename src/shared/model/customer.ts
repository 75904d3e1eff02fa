import type { AccountLabel } from './account'
import type { Conversation } from './conversation'

/** The most conversations a customer view lists; its count and totals cover them all. */
export const CUSTOMER_CONVERSATION_LIMIT = 500

/** Everything about one customer: every conversation with their number, in any spelling. */
export interface CustomerOverview {
  /** The number as asked for, and for display (international format where it parses). */
  phone: string
  display: string
  /** The customer's name as the newest conversation that names them has it. */
  name: string | null
  /** Newest first, across every type; at most CUSTOMER_CONVERSATION_LIMIT of them. */
  conversations: Conversation[]
  /** Every conversation with the number, and their summed cost. */
  count: number
  total_cost: number
  first_contact_at: string | null
  last_contact_at: string | null
}

/** A conversation of a lookup across accounts, with the account it is archived in. */
export type LabelledConversation = Conversation & { account?: AccountLabel }

/** An account whose archive could not answer a lookup across accounts, and why. */
export interface UnansweredAccount {
  account: AccountLabel
  message: string
}

/**
 * A customer view's answer: one account's overview, or every account's merged (newest first,
 * counts and costs summed) with each conversation labelled.
 */
export interface CustomerLookup extends Omit<CustomerOverview, 'conversations'> {
  conversations: LabelledConversation[]
  /** The accounts looked in when across every account; null for the current one alone. */
  accounts: AccountLabel[] | null
  unanswered: UnansweredAccount[]
}
