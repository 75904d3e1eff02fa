import Database from 'better-sqlite3'
import { formatPhone } from '../../src/shared/phone'
import { pickCustomers } from './measureCustomerOpen'
import { seededRandom } from './random'

/** A number to look up, spelt one of the ways a person or another program writes it. */
export interface AccountLookup {
  typed: string
  /** The accounts whose archive stores the number (in any of its spellings). */
  inAccounts: number
}

export interface AccountLookupPhones {
  lookups: AccountLookup[]
  /** One number from each archive, not among the lookups: each reader's first query. */
  warmUp: string[]
  /** How many distinct numbers are stored in two or more of the archives. */
  sharedNumbers: number
  /** Of the lookups, how many are numbers from the customer view's pick, and how many shared. */
  picked: number
  shared: number
}

/**
 * The generator's spellings of one number (`+14155550123`, `14155550123`, `+1 415 555 0123`)
 * differ only in what is not a digit, so the digits alone tell which archives share a number.
 */
function digitsOf(phone: string): string {
  return phone.replace(/\D/g, '')
}

/** As stored, as the customer view shows it, as digits alone, and with the 00 prefix. */
const SPELLINGS: readonly ((stored: string) => string)[] = [
  (stored) => stored,
  (stored) => formatPhone(stored),
  (stored) => digitsOf(stored),
  (stored) => `00${digitsOf(stored)}`
]

function shuffle<T>(values: T[], random: () => number): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[values[i], values[j]] = [values[j], values[i]]
  }
  return values
}

/**
 * The numbers a lookup across accounts is asked for: from each archive the customer view's mix
 * (pickCustomers: its busiest customers and random ones), and numbers stored in more than one
 * archive (the caller an agency cannot place), each spelt one of four ways, in a seeded order
 * that interleaves the accounts.
 */
export function pickAccountLookups(
  archives: readonly string[],
  options: { perAccount: number; shared: number; seed: number }
): AccountLookupPhones {
  const random = seededRandom(options.seed)
  const accountsOf = new Map<string, number>()
  const stored = new Map<string, string>()
  const picked: string[] = []
  const warmUp: string[] = []
  archives.forEach((file, index) => {
    const db = new Database(file, { readonly: true })
    try {
      const phones = db
        .prepare<[], string>(
          'SELECT DISTINCT customer_phone FROM conversations WHERE customer_phone IS NOT NULL'
        )
        .pluck()
        .all()
      const seen = new Set<string>()
      for (const phone of phones) {
        const digits = digitsOf(phone)
        stored.set(digits, phone)
        if (seen.has(digits)) continue
        seen.add(digits)
        accountsOf.set(digits, (accountsOf.get(digits) ?? 0) + 1)
      }
      const customers = pickCustomers(db, options.perAccount + 1, options.seed + index)
      // The last is a random customer: the warm-up, so no measured number is a reader's first.
      warmUp.push(customers.pop() ?? '')
      picked.push(...customers)
    } finally {
      db.close()
    }
  })
  const sharedDigits = [...accountsOf].filter(([, count]) => count > 1).map(([digits]) => digits)
  const pickedDigits = new Set(picked.map(digitsOf))
  const shared = shuffle(
    sharedDigits.filter((digits) => !pickedDigits.has(digits)),
    random
  )
    .slice(0, options.shared)
    .map((digits) => stored.get(digits) ?? digits)
  const lookups = shuffle([...picked, ...shared], random).map((phone, index) => ({
    typed: SPELLINGS[index % SPELLINGS.length](phone),
    inAccounts: accountsOf.get(digitsOf(phone)) ?? 0
  }))
  return {
    lookups,
    warmUp: warmUp.filter((phone) => phone !== ''),
    sharedNumbers: sharedDigits.length,
    picked: picked.length,
    shared: shared.length
  }
}
