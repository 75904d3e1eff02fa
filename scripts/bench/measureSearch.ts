import Database from 'better-sqlite3'
import type { Archive } from '../../src/main/core'
import { buildPhoneQueries, type PhoneQuery } from './phoneQueries'
import { percentile, sampleWithinBudget, timeMs } from './statistics'

export interface PhoneSearchFigures {
  queries: number
  p50Ms: number
  p95Ms: number
  p95Ms3Digits: number
  likeQueries: number
  likeP50Ms: number
  /** Phone search p50 over the same queries the LIKE scan ran, for a like-for-like ratio. */
  searchP50OnLikeQueriesMs: number
}

const PAGE = 50
/** A LIKE scan reads the whole table: over a million rows, a minute of them is plenty. */
const LIKE_BUDGET_MS = 60_000

/**
 * Phone search through the archive's own search (trigram index, newest first, 50 rows), then
 * the same digits as the plain `LIKE '%digits%'` scan a generic SQLite browser would run.
 */
export function measurePhoneSearch(archive: Archive, file: string): PhoneSearchFigures {
  const reader = new Database(file, { readonly: true })
  try {
    const { short, longer } = buildPhoneQueries(reader, { count3: 100, countLonger: 300, seed: 7 })
    const search = (query: PhoneQuery): number =>
      timeMs(() => archive.search({ phone: query.typed, limit: PAGE }))
    // Statements are prepared on first use; the app pays that once per run, not per query.
    for (const query of longer.slice(0, 5)) search(query)
    const longerMs = longer.map(search)
    const shortMs = short.map(search)

    const like = reader.prepare<[string], unknown>(
      `SELECT * FROM conversations WHERE customer_phone LIKE ?
       ORDER BY created_at DESC LIMIT ${PAGE}`
    )
    const likeMs = sampleWithinBudget(longer, LIKE_BUDGET_MS, (query) =>
      timeMs(() => like.all(`%${query.digits}%`))
    )
    return {
      queries: longerMs.length + shortMs.length,
      p50Ms: percentile(longerMs, 50),
      p95Ms: percentile(longerMs, 95),
      p95Ms3Digits: percentile(shortMs, 95),
      likeQueries: likeMs.length,
      likeP50Ms: percentile(likeMs, 50),
      searchP50OnLikeQueriesMs: percentile(longerMs.slice(0, likeMs.length), 50)
    }
  } finally {
    reader.close()
  }
}
