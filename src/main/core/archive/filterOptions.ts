import type { Database } from 'better-sqlite3'
import type { AssistantSummary, SenderSummary } from './archive'
import { ASSISTANT_TOTALS_SQL, type AssistantTotals } from './stats'

export interface FilterOptions {
  assistants(): AssistantSummary[]
  senders(): SenderSummary[]
}

/**
 * Senders are filtered by phone, so a sender is its phone; the name shown is the newest one.
 * Grouping reads only the partial index of rows with a sender phone.
 */
export const SENDERS_SQL = `
  SELECT
    phones.phone,
    (SELECT sender_name FROM conversations
      WHERE sender_phone_id = totals.phone_id
      ORDER BY created_at DESC LIMIT 1) AS name,
    totals.count
  FROM (
    SELECT sender_phone_id AS phone_id, count(*) AS count
    FROM conversations WHERE sender_phone_id IS NOT NULL GROUP BY sender_phone_id
  ) AS totals
  JOIN phones ON phones.id = totals.phone_id
  ORDER BY name COLLATE NOCASE, phones.phone`

/** The choices for the filter dropdowns, by name, with how many conversations each has. */
export function prepareFilterOptions(db: Database): FilterOptions {
  const assistants = db.prepare<[], AssistantTotals>(
    `${ASSISTANT_TOTALS_SQL} ORDER BY assistant_name COLLATE NOCASE, totals.assistant_id`
  )
  const senders = db.prepare<[], SenderSummary>(SENDERS_SQL)
  return {
    assistants: () =>
      assistants.all().map(({ assistant_id, assistant_name, count }) => ({
        assistant_id,
        assistant_name,
        count
      })),
    senders: () => senders.all()
  }
}
