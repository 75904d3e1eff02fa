import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { InsightsQuery } from '@shared/ipc/contract'
import { queryFromSearchState, searchStateFromQuery, type SearchRouteState } from './searchRoute'
import { buildSearchQuery } from './searchQuery'

/** The dashboard's date presets; 'custom' is the browser's own from/to dates. */
export type RangePreset = '7d' | '30d' | '90d' | 'year' | 'all'
export type DashboardRange = RangePreset | 'custom'

export const RANGE_PRESETS: readonly { value: RangePreset; label: string }[] = [
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: 'year', label: 'This year' },
  { value: 'all', label: 'All' }
]

export const RANGE_PARAM = 'range'
const DEFAULT_RANGE: RangePreset = '30d'
const DAY_MS = 24 * 60 * 60 * 1000

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * A preset's whole UTC days, today included ("7 days" is today and the six before), as the
 * archive reads bare dates: in UTC, the "to" day whole.
 */
export function presetDates(preset: RangePreset, now: Date): { from: string; to: string } | null {
  const today = isoDay(now.getTime())
  const daysBack = (days: number): string => isoDay(now.getTime() - days * DAY_MS)
  switch (preset) {
    case '7d':
      return { from: daysBack(6), to: today }
    case '30d':
      return { from: daysBack(29), to: today }
    case '90d':
      return { from: daysBack(89), to: today }
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today }
    case 'all':
      return null
  }
}

/** What the dashboard shows, as its route holds it: the search's filters and a range. */
export interface DashboardRouteState {
  search: SearchRouteState
  range: DashboardRange
}

/**
 * `#/dashboard?range=90d&type=whatsapp&q=…`: the search's own parameters, so the browser's
 * filters carry over, and the range. Without a range, the search's dates (if any) are the
 * range ('custom'), else the last 30 days.
 */
export function dashboardStateFromQuery(query: LocationQuery): DashboardRouteState {
  const search = searchStateFromQuery(query)
  const raw = query[RANGE_PARAM]
  const range = RANGE_PRESETS.find((preset) => preset.value === raw)?.value
  if (range) return { search, range }
  const custom = search.filters.createdFrom !== '' || search.filters.createdTo !== ''
  return { search, range: custom ? 'custom' : DEFAULT_RANGE }
}

export function queryFromDashboardState(state: DashboardRouteState): LocationQueryRaw {
  const query = queryFromSearchState({ ...state.search, openId: null })
  if (state.range !== 'custom') {
    delete query['from']
    delete query['to']
    query[RANGE_PARAM] = state.range
  }
  return query
}

/** The archive's question for the dashboard: the search's filters, dated by the range. */
export function insightsQuery(state: DashboardRouteState, now: Date): InsightsQuery {
  const { query } = buildSearchQuery(state.search.input, state.search.filters)
  if (state.range === 'custom') return query
  const undated: InsightsQuery = { ...query }
  delete undated.createdFrom
  delete undated.createdTo
  const dates = presetDates(state.range, now)
  return dates ? { ...undated, createdFrom: dates.from, createdTo: dates.to } : undated
}
