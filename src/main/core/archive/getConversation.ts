import type { Database } from 'better-sqlite3'
import type { ArchivedConversation } from '../types'
import { toArchivedConversation, type ArchivedConversationRow } from './rowMapping'

export function prepareGetConversation(db: Database): (id: string) => ArchivedConversation | null {
  const byId = db.prepare<[string], ArchivedConversationRow>(
    'SELECT * FROM conversations WHERE id = ?'
  )
  return (id) => {
    const row = byId.get(id)
    return row ? toArchivedConversation(row) : null
  }
}
