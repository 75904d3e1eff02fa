import type Database from 'better-sqlite3'
import { phoneQueryDigits, phoneSearchKeys } from '../../src/shared/phone'
import { between, pickFrom, seededRandom } from './random'

export interface PhoneQuery {
  /** As a person would type it: spaces, dashes, dots or brackets, or bare digits. */
  typed: string
  /** The digits the search looks for, which the LIKE scan looks for too. */
  digits: string
}

const SHORTEST = 3
const LONGEST = 15

/** Ways people type part of a number. Each keeps the digits and their order. */
const SPELLINGS: readonly ((digits: string) => string)[] = [
  (digits) => digits,
  (digits) => digits.replace(/(\d{3})(?=\d)/g, '$1 '),
  (digits) => digits.replace(/(\d{3})(?=\d)/g, '$1-'),
  (digits) => digits.replace(/(\d{2})(?=\d)/g, '$1.'),
  (digits) => (digits.length > 6 ? `(${digits.slice(0, 3)}) ${digits.slice(3)}` : digits)
]

/**
 * Phone fragments drawn from the archive's own customers, as real look-ups are: a random
 * stretch of one of the spellings the number can be typed under (as stored, international,
 * national), written the way people type it. `count3` are three digits long; the rest 4 to 15.
 */
export function buildPhoneQueries(
  db: Database.Database,
  options: { count3: number; countLonger: number; seed: number }
): { short: PhoneQuery[]; longer: PhoneQuery[] } {
  const random = seededRandom(options.seed)
  const maxRowid = db.prepare('SELECT max(rowid) FROM conversations').pluck().get() as number
  const phoneAt = db
    .prepare<[number], string | null>('SELECT customer_phone FROM conversations WHERE rowid = ?')
    .pluck()
  const short: PhoneQuery[] = []
  const longer: PhoneQuery[] = []
  const wanted = options.count3 + options.countLonger
  for (let attempt = 0; short.length + longer.length < wanted && attempt < wanted * 50; attempt++) {
    const phone = phoneAt.get(between(random, 1, maxRowid))
    const spellings = phoneSearchKeys(phone ?? null)?.split(' ')
    if (!spellings) continue
    const spelling = pickFrom(random, spellings)
    const wantShort =
      short.length < options.count3 && (longer.length >= options.countLonger || random() < 0.5)
    const length = wantShort
      ? SHORTEST
      : between(random, SHORTEST + 1, Math.min(LONGEST, spelling.length))
    if (length > spelling.length) continue
    const start = between(random, 0, spelling.length - length)
    const digits = spelling.slice(start, start + length)
    const typed = pickFrom(random, SPELLINGS)(digits)
    // A query is only fair to both sides if the search reads it as exactly these digits.
    if (phoneQueryDigits(typed) !== digits) continue
    ;(wantShort ? short : longer).push({ typed, digits })
  }
  return { short, longer }
}
