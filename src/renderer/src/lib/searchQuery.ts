import type { RemovedFilter, SearchQuery } from '../../../shared/model/search'

export interface SearchFilters {
  type: string
  assistantId: string
  senderPhone: string
  externalId: string
  createdFrom: string
  createdTo: string
  removed: RemovedFilter
}

export function emptyFilters(): SearchFilters {
  return {
    type: '',
    assistantId: '',
    senderPhone: '',
    externalId: '',
    createdFrom: '',
    createdTo: '',
    removed: 'include'
  }
}

export type SearchInputKind = 'empty' | 'phone' | 'short-phone' | 'text'

const PHONE_CHARACTERS = /^[\d\s+\-()./]+$/
const MIN_PHONE_DIGITS = 3

/** Phone characters only means a phone number, however it is spelt; anything else is text. */
export function classifySearchInput(input: string): SearchInputKind {
  const trimmed = input.trim()
  if (trimmed === '') return 'empty'
  if (!PHONE_CHARACTERS.test(trimmed)) return 'text'
  const digits = trimmed.replace(/\D/g, '').length
  return digits >= MIN_PHONE_DIGITS ? 'phone' : 'short-phone'
}

export interface BuiltQuery {
  query: SearchQuery
  /** Shown instead of an error while a phone number is too short to search. */
  hint: string | null
}

export function buildSearchQuery(input: string, filters: SearchFilters): BuiltQuery {
  const query: SearchQuery = {}
  const trimmed = input.trim()
  const kind = classifySearchInput(trimmed)
  if (kind === 'phone') query.phone = trimmed
  if (kind === 'text') query.text = trimmed
  if (filters.type) query.type = filters.type
  if (filters.assistantId) query.assistantId = filters.assistantId
  if (filters.senderPhone) query.senderPhone = filters.senderPhone
  if (filters.externalId.trim()) query.externalId = filters.externalId.trim()
  if (filters.createdFrom) query.createdFrom = filters.createdFrom
  if (filters.createdTo) query.createdTo = filters.createdTo
  if (filters.removed !== 'include') query.removed = filters.removed
  const hint =
    kind === 'short-phone'
      ? `Type at least ${MIN_PHONE_DIGITS} digits to search by phone number.`
      : null
  return { query, hint }
}

export function hasActiveFilters(filters: SearchFilters): boolean {
  return JSON.stringify(filters) !== JSON.stringify(emptyFilters())
}

/**
 * The query narrowed to the instant a conversation was created at, or null when the query's
 * dates already leave that instant out. The conversation matches the query exactly when it is
 * among the narrowed query's answers: a handful of rows at most (those created in the same
 * millisecond), however far down the full results it would come. The dates are the filter
 * bar's whole days, which the archive reads in UTC, so they compare with the UTC day.
 */
export function queryAtInstant(query: SearchQuery, createdAt: string): SearchQuery | null {
  const instant = new Date(createdAt).toISOString()
  const day = instant.slice(0, 10)
  if (query.createdFrom && day < query.createdFrom) return null
  if (query.createdTo && day > query.createdTo) return null
  return { ...query, createdFrom: instant, createdTo: instant }
}
