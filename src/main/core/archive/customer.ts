import type { Database } from 'better-sqlite3'
import { internationalFormat, phoneCoreDigits, phoneMatcher } from '../../../shared/phone'
import { CUSTOMER_CONVERSATION_LIMIT, type CustomerOverview } from '../types'
import { msToIsoOrNull } from './isoTime'
import { CONVERSATION_ROW_COLUMNS, toConversation, type ConversationRow } from './rowMapping'

/**
 * The most stored phones a customer's number is compared with. A whole number's candidates are
 * its own spellings and the odd longer number that contains its digits: a handful. Only a
 * fragment (`555`) has thousands, and a fragment is no one's number, so the cap costs nothing
 * but keeps its look-up bounded: each candidate is parsed (about 0.1 ms) unless its length
 * already rules it out.
 */
export const CUSTOMER_CANDIDATES = 1_000

/** The trigram index matches nothing shorter. */
const MIN_DIGITS = 3

interface Totals {
  count: number
  total_cost: number
  first: number | null
  last: number | null
}

/**
 * Every conversation whose customer phone is this number, in whatever spelling each stored it
 * (samePhoneNumber). The stored phones that contain the number's core digits are found through
 * the trigram index, then each is compared as a number, so a fragment lists no strangers: it
 * finds only a phone stored as exactly that fragment. Their conversations are read through the
 * customer-phone index: a customer's rows, newest first, and their totals.
 */
export function prepareCustomer(db: Database): (phone: string) => CustomerOverview {
  const exactly = db.prepare<[string], number>('SELECT id FROM phones WHERE phone = ?').pluck()
  const candidates = db.prepare<[string, number], { id: number; phone: string }>(
    `SELECT p.id, p.phone FROM phone_trigrams CROSS JOIN phones AS p ON p.id = phone_trigrams.rowid
     WHERE phone_trigrams MATCH ? LIMIT ?`
  )
  const conversations = db.prepare<[string, number], ConversationRow>(
    `SELECT ${CONVERSATION_ROW_COLUMNS}
     FROM conversations AS c INDEXED BY conversations_customer_phone
     WHERE c.customer_phone_id IN (SELECT value FROM json_each(?))
     ORDER BY c.created_at DESC, c.rowid DESC LIMIT ?`
  )
  const totals = db.prepare<[string], Totals>(
    `SELECT count(*) AS count, total(total_cost) AS total_cost,
       min(created_at) AS first, max(created_at) AS last
     FROM conversations INDEXED BY conversations_customer_phone
     WHERE customer_phone_id IN (SELECT value FROM json_each(?))`
  )

  function phoneIds(phone: string): number[] {
    const ids = new Set<number>()
    const exact = exactly.get(phone)
    if (exact !== undefined) ids.add(exact)
    const core = phoneCoreDigits(phone)
    if (core.length >= MIN_DIGITS) {
      const isSameNumber = phoneMatcher(phone)
      for (const candidate of candidates.all(`"${core}"`, CUSTOMER_CANDIDATES)) {
        if (isSameNumber(candidate.phone)) ids.add(candidate.id)
      }
    }
    return [...ids]
  }

  /**
   * The number in international format: as asked for where that parses, else as the newest
   * conversation that stored it with its country code has it (`4155559876` is shown as
   * `+1 415 555 9876` when the customer's conversations say so), else as asked for.
   */
  function display(phone: string, rows: readonly ConversationRow[]): string {
    for (const spelling of [phone, ...rows.map((row) => row.customer_phone)]) {
      const formatted = spelling === null ? null : internationalFormat(spelling)
      if (formatted !== null) return formatted
    }
    return phone
  }

  return (phone) => {
    const ids = JSON.stringify(phoneIds(phone.trim()))
    const rows = conversations.all(ids, CUSTOMER_CONVERSATION_LIMIT)
    const sums = totals.get(ids) ?? { count: 0, total_cost: 0, first: null, last: null }
    return {
      phone,
      display: display(phone.trim(), rows),
      name: rows.find((row) => row.customer_name !== null)?.customer_name ?? null,
      conversations: rows.map(toConversation),
      count: sums.count,
      total_cost: sums.total_cost,
      first_contact_at: msToIsoOrNull(sums.first),
      last_contact_at: msToIsoOrNull(sums.last)
    }
  }
}
