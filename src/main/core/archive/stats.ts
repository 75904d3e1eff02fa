import type { Database } from 'better-sqlite3'
import type { ArchiveStats } from '../types'
import { msToIsoOrNull } from './isoTime'

interface TypeTotals {
  type: string
  count: number
  total_cost: number
}

export interface AssistantTotals {
  assistant_id: string | null
  assistant_name: string | null
  count: number
  total_cost: number
}

/**
 * Count and cost per assistant, with the assistant's newest name (a rename shows once). The
 * grouping is a covering scan of conversations_assistant; the name is one index probe per
 * assistant.
 */
export const ASSISTANT_TOTALS_SQL = `
  SELECT
    totals.assistant_id,
    (SELECT assistant_name FROM conversations
      WHERE assistant_id IS totals.assistant_id
      ORDER BY created_at DESC LIMIT 1) AS assistant_name,
    totals.count,
    totals.total_cost
  FROM (
    SELECT assistant_id, count(*) AS count, total(total_cost) AS total_cost
    FROM conversations GROUP BY assistant_id
  ) AS totals`

/** The statements behind stats(), exported so a test can check each one's query plan. */
export const STATS_SQL = {
  byType: `SELECT type, count(*) AS count, total(total_cost) AS total_cost
    FROM conversations GROUP BY type`,
  byAssistant: `${ASSISTANT_TOTALS_SQL} ORDER BY totals.count DESC, totals.assistant_id`,
  removed: 'SELECT count(*) FROM conversations WHERE removed_at IS NOT NULL',
  // Two subqueries: min() and max() in one SELECT would scan the whole index.
  range: `SELECT (SELECT min(created_at) FROM conversations) AS oldest,
    (SELECT max(created_at) FROM conversations) AS newest`
}

/**
 * Figures for the whole archive, removed rows included. Each query reads an index, never the
 * table: per type from conversations_type (which carries total_cost), the grand totals summed
 * from those groups, removed from the partial index of removed rows, the date range from the
 * two ends of conversations_created.
 */
export function prepareStats(db: Database): () => ArchiveStats {
  const byType = db.prepare<[], TypeTotals>(STATS_SQL.byType)
  const byAssistant = db.prepare<[], AssistantTotals>(STATS_SQL.byAssistant)
  const removed = db.prepare<[], number>(STATS_SQL.removed).pluck()
  const range = db.prepare<[], { oldest: number | null; newest: number | null }>(STATS_SQL.range)

  return () => {
    const types = byType.all()
    const dates = range.get()
    return {
      total: types.reduce((sum, group) => sum + group.count, 0),
      total_cost: types.reduce((sum, group) => sum + group.total_cost, 0),
      removed: removed.get() ?? 0,
      by_type: Object.fromEntries(types.map((group) => [group.type, group.count])),
      by_type_cost: Object.fromEntries(types.map((group) => [group.type, group.total_cost])),
      by_assistant: byAssistant.all(),
      oldest_created_at: msToIsoOrNull(dates?.oldest ?? null),
      newest_created_at: msToIsoOrNull(dates?.newest ?? null)
    }
  }
}
