/**
 * Where a transcript sits in its full-text index (transcripts_fts, migration 003): one document
 * per conversation, under a key that follows the conversation's created_at, so that FTS5, which
 * yields matches in key order, walks them newest first and a page of the newest 50 stops after
 * about 50 matches instead of collecting every match and sorting them (design.md: under 1 ms
 * against 0.5 to 1.5 s at ten million messages).
 *
 * A key is the created_at second times KEY_SLOTS plus a slot: the conversations of one second
 * share its KEY_SLOTS keys in no particular order. A page is ordered by (created_at, rowid), so
 * a walk that stops inside a second completes that second (see transcriptSearch.ts). Keys cost
 * index bytes: FTS5 stores each match's key as the difference from the previous one, and every
 * bit of spacing between neighbours widens that. Measured with 100,000 conversations of ten
 * ~120-character messages a minute apart, index bytes per message: dense keys 54, 1 slot per
 * second 62, 256 slots 77, 4,096 slots 84, 2^20 slots 99, milliseconds × 2^20 119.
 *
 * 256 conversations may begin in the same second; beyond that a conversation's document goes
 * to the overflow, keyed by minus its rowid, which every search reads whole (see
 * transcriptSearch.ts): empty in any account that does not start 257 conversations at once.
 */
export const KEY_SLOTS = 256
const MS_PER_SECOND = 1000

/** The first key of the second a conversation created at `createdAtMs` belongs to. */
export function secondBase(createdAtMs: number): number {
  // Before 1970 every time shares the first second: still in order, if crowded.
  return Math.max(0, Math.floor(createdAtMs / MS_PER_SECOND)) * KEY_SLOTS
}

/** The overflow key of a conversation whose second has no free slot: below every time key. */
export function overflowKey(conversationRowid: number): number {
  return -conversationRowid
}

export function isInSecond(key: number, base: number): boolean {
  return key >= base && key < base + KEY_SLOTS
}

/** Keys at and above this are past any time a conversation can have. */
export const KEY_END = Number.MAX_SAFE_INTEGER

/** The time keys [from, to) that can hold conversations created in [fromMs, toMs]. */
export interface KeyRange {
  from: number
  to: number
}

/**
 * The time keys a search's dates and cursor leave: whole seconds, so a bound inside a second
 * keeps all of it, and the rows' own created_at decides.
 */
export function keyRange(
  createdFromMs: number | null,
  createdToMs: number | null,
  beforeMs: number | null
): KeyRange {
  const ends = [createdToMs, beforeMs]
    .filter((ms): ms is number => ms !== null)
    .map((ms) => secondBase(ms) + KEY_SLOTS)
  return {
    from: createdFromMs === null ? 0 : secondBase(createdFromMs),
    to: Math.min(KEY_END, ...ends)
  }
}
