import type { Database } from 'better-sqlite3'
import { phoneSearchKeys } from '../../../shared/phone'

/**
 * Returns a function giving the phones.id of a phone string, adding it with its search keys (in
 * its row and in the trigram index) on first sight. A phone row never changes after that, so
 * neither copy of its keys needs upkeep; call it inside the page's transaction.
 */
export function preparePhoneIds(db: Database): (phone: string | null) => number | null {
  const find = db.prepare<[string], number>('SELECT id FROM phones WHERE phone = ?').pluck()
  const insertPhone = db.prepare<[string, string | null]>(
    'INSERT INTO phones (phone, keys) VALUES (?, ?)'
  )
  const insertKeys = db.prepare<[number, string]>(
    'INSERT INTO phone_trigrams (rowid, keys) VALUES (?, ?)'
  )
  return (phone) => {
    if (phone === null || phone === '') return null
    const known = find.get(phone)
    if (known !== undefined) return known
    const keys = phoneSearchKeys(phone)
    const id = Number(insertPhone.run(phone, keys).lastInsertRowid)
    if (keys !== null) insertKeys.run(id, keys)
    return id
  }
}
