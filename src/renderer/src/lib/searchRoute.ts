import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { RemovedFilter } from '../../../shared/model/search'
import { emptyFilters, type SearchFilters } from './searchQuery'

/**
 * What the search view shows, as the route's query holds it: `#/search?q=TEXT&type=whatsapp`.
 * Each filter has one short parameter; a value at its default is left out, so the empty search
 * is plain `#/search` and two spellings of one search never differ.
 */
export interface SearchRouteState {
  input: string
  filters: SearchFilters
  /** The conversation open in the detail pane. */
  openId: string | null
}

/** The query parameter of each filter. */
export const FILTER_PARAMS = {
  type: 'type',
  assistantId: 'assistant',
  senderPhone: 'sender',
  externalId: 'external',
  createdFrom: 'from',
  createdTo: 'to',
  removed: 'removed'
} as const satisfies Record<keyof SearchFilters, string>

export const TEXT_PARAM = 'q'
export const OPEN_PARAM = 'open'

const REMOVED_VALUES: readonly RemovedFilter[] = ['include', 'exclude', 'only']
// The date inputs hold whole days; anything else in a hand-typed link is dropped, not guessed.
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** One value of a parameter: a repeated parameter counts by its first value. */
function single(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : ''
}

export function searchStateFromQuery(query: LocationQuery): SearchRouteState {
  const filters = emptyFilters()
  filters.type = single(query[FILTER_PARAMS.type])
  filters.assistantId = single(query[FILTER_PARAMS.assistantId])
  filters.senderPhone = single(query[FILTER_PARAMS.senderPhone])
  filters.externalId = single(query[FILTER_PARAMS.externalId])
  const from = single(query[FILTER_PARAMS.createdFrom])
  const to = single(query[FILTER_PARAMS.createdTo])
  filters.createdFrom = DAY.test(from) ? from : ''
  filters.createdTo = DAY.test(to) ? to : ''
  const removed = single(query[FILTER_PARAMS.removed]) as RemovedFilter
  filters.removed = REMOVED_VALUES.includes(removed) ? removed : 'include'
  const openId = single(query[OPEN_PARAM])
  return { input: single(query[TEXT_PARAM]), filters, openId: openId || null }
}

export function queryFromSearchState(state: SearchRouteState): LocationQueryRaw {
  const query: Record<string, string> = {}
  if (state.input !== '') query[TEXT_PARAM] = state.input
  const defaults = emptyFilters()
  for (const key of Object.keys(FILTER_PARAMS) as (keyof SearchFilters)[]) {
    const value = state.filters[key]
    if (value !== defaults[key]) query[FILTER_PARAMS[key]] = value
  }
  if (state.openId) query[OPEN_PARAM] = state.openId
  return query
}

/** Whether two route queries say the same thing, whatever the order of their parameters. */
export function sameSearchQuery(a: LocationQuery | LocationQueryRaw, b: LocationQueryRaw): boolean {
  const left = queryFromSearchState(searchStateFromQuery(a as LocationQuery))
  const right = queryFromSearchState(searchStateFromQuery(b as LocationQuery))
  const keys = new Set([...Object.keys(left), ...Object.keys(right)])
  return [...keys].every((key) => left[key] === right[key])
}

export function sameFilters(a: SearchFilters, b: SearchFilters): boolean {
  return (Object.keys(FILTER_PARAMS) as (keyof SearchFilters)[]).every((key) => a[key] === b[key])
}
