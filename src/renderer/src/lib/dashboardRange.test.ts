import { describe, expect, it } from 'vitest'
import {
  dashboardStateFromQuery,
  insightsQuery,
  presetDates,
  queryFromDashboardState
} from './dashboardRange'

// 00:30 on 3 March in UTC: still 2 March west of Greenwich. The archive's days are UTC days.
const NOW = new Date('2025-03-03T00:30:00Z')

describe('the dashboard range', () => {
  it('turns each preset into whole UTC days ending today', () => {
    expect(presetDates('7d', NOW)).toEqual({ from: '2025-02-25', to: '2025-03-03' })
    expect(presetDates('30d', NOW)).toEqual({ from: '2025-02-02', to: '2025-03-03' })
    expect(presetDates('90d', NOW)).toEqual({ from: '2024-12-04', to: '2025-03-03' })
    expect(presetDates('year', NOW)).toEqual({ from: '2025-01-01', to: '2025-03-03' })
    expect(presetDates('all', NOW)).toBeNull()
  })

  it('reads the browser’s filters and a range from the route, 30 days by default', () => {
    const state = dashboardStateFromQuery({ q: '415 555', type: 'whatsapp', range: '90d' })
    expect(state.range).toBe('90d')
    expect(state.search.input).toBe('415 555')
    expect(state.search.filters.type).toBe('whatsapp')
    expect(dashboardStateFromQuery({}).range).toBe('30d')
    expect(dashboardStateFromQuery({ range: 'decade' }).range).toBe('30d')
    // The search's own dates are the range until a preset is picked.
    expect(dashboardStateFromQuery({ from: '2025-01-01', to: '2025-01-31' }).range).toBe('custom')
  })

  it('asks the archive for the filters within the range', () => {
    const filtered = dashboardStateFromQuery({
      q: '415 555',
      type: 'whatsapp',
      from: '2020-01-01',
      range: '7d'
    })
    expect(insightsQuery(filtered, NOW)).toEqual({
      phone: '415 555',
      type: 'whatsapp',
      createdFrom: '2025-02-25',
      createdTo: '2025-03-03'
    })
    expect(insightsQuery(dashboardStateFromQuery({ q: 'refund', range: 'all' }), NOW)).toEqual({
      text: 'refund'
    })
    const custom = dashboardStateFromQuery({ from: '2025-01-01', to: '2025-01-31' })
    expect(insightsQuery(custom, NOW)).toEqual({
      createdFrom: '2025-01-01',
      createdTo: '2025-01-31'
    })
  })

  it('writes a preset in place of the dates, and keeps custom dates', () => {
    const state = dashboardStateFromQuery({ type: 'api', from: '2025-01-01', to: '2025-01-31' })
    expect(queryFromDashboardState(state)).toEqual({
      type: 'api',
      from: '2025-01-01',
      to: '2025-01-31'
    })
    expect(queryFromDashboardState({ ...state, range: 'year' })).toEqual({
      type: 'api',
      range: 'year'
    })
  })
})
