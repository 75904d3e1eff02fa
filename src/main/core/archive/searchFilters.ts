import { UsageError } from '../errors'
import { phoneQueryDigits } from '../../../shared/phone'
import type { RemovedFilter, SearchQuery } from '../types'
import { toTextQuery, type Completions, type TextQuery } from './ftsQuery'
import { parseIsoMs } from './isoTime'
import { decodeCursor, type CursorPosition } from './searchCursor'

/** A SearchQuery checked and put into the terms SQL needs. Null means "no such filter". */
export interface SearchFilters {
  customerPhoneDigits: string | null
  senderPhoneDigits: string | null
  type: string | null
  assistantId: string | null
  externalId: string | null
  /** Words to find in a conversation's own fields or in its transcript. */
  text: TextQuery | null
  /** Epoch ms, inclusive. */
  createdFrom: number | null
  /** Epoch ms. */
  createdTo: { bound: number; inclusive: boolean } | null
  removed: RemovedFilter
}

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 500
/** Trigrams: a shorter fragment matches nothing, and would match nearly everything if it did. */
const MIN_PHONE_DIGITS = 3
const REMOVED_FILTERS: readonly RemovedFilter[] = ['include', 'exclude', 'only']
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 24 * 60 * 60 * 1000
const UNZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

/** `complete` gives the words a prefix stands for in transcripts; without it words are whole. */
export function parseFilters(query: SearchQuery, complete?: Completions): SearchFilters {
  const createdFrom = parseDateBound(query.createdFrom, 'from')
  const createdTo = parseDateBound(query.createdTo, 'to')
  // A whole-day "to" ends where the next day starts: a "from" there is already past it.
  if (
    createdFrom &&
    createdTo &&
    (createdTo.wholeDay ? createdFrom.start >= createdTo.end : createdFrom.start > createdTo.end)
  ) {
    throw new UsageError('The "from" date is after the "to" date.')
  }
  const removed = query.removed ?? 'include'
  if (!REMOVED_FILTERS.includes(removed)) {
    throw new UsageError(`Removed must be one of ${REMOVED_FILTERS.join(', ')}.`)
  }
  return {
    customerPhoneDigits: parsePhoneFragment(query.phone),
    senderPhoneDigits: parsePhoneFragment(query.senderPhone),
    type: blankToNull(query.type),
    assistantId: blankToNull(query.assistantId),
    externalId: blankToNull(query.externalId),
    text: query.text === undefined ? null : toTextQuery(query.text, complete),
    createdFrom: createdFrom?.start ?? null,
    createdTo: createdTo ? { bound: createdTo.end, inclusive: !createdTo.wholeDay } : null,
    removed
  }
}

export function parseLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new UsageError(`The page size must be a whole number from 1 to ${MAX_LIMIT}.`)
  }
  return limit
}

export function parseCursor(cursor: string | null | undefined): CursorPosition | null {
  return cursor === undefined || cursor === null || cursor === '' ? null : decodeCursor(cursor)
}

// An empty field in a form means "any", not "equal to the empty string".
function blankToNull(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim()
}

function parsePhoneFragment(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null
  const digits = phoneQueryDigits(value)
  if (digits.length < MIN_PHONE_DIGITS) {
    throw new UsageError(`To search by phone, type at least ${MIN_PHONE_DIGITS} digits.`)
  }
  return digits
}

interface DateBound {
  /** The first instant the value names, in epoch ms. */
  start: number
  /** For a bare date, the first instant of the next day (exclusive); else the instant itself. */
  end: number
  wholeDay: boolean
}

function parseDateBound(value: string | undefined, name: string): DateBound | null {
  if (value === undefined || value.trim() === '') return null
  const text = value.trim()
  const wholeDay = BARE_DATE.test(text)
  // A bare date or a date-time without a zone is read as UTC.
  const zoned = wholeDay ? `${text}T00:00:00Z` : UNZONED_DATE_TIME.test(text) ? `${text}Z` : text
  const start = parseIsoMs(zoned)
  if (start === null) {
    throw new UsageError(
      `The "${name}" date "${value}" is not a date: use YYYY-MM-DD or an ISO-8601 date and time.`
    )
  }
  const end = wholeDay ? start + DAY_MS : start
  return { start, end, wholeDay }
}
