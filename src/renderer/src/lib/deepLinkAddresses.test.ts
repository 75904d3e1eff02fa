import { describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { parseDeepLink } from '@shared/deepLink'
import { createAppRouter } from '../router'
import { dashboardStateFromQuery, RANGE_PARAM } from './dashboardRange'
import { FILTER_PARAMS, OPEN_PARAM, searchStateFromQuery, TEXT_PARAM } from './searchRoute'

/** The address a link maps to, as the app's router reads it. */
function routeOf(link: string) {
  const parsed = parseDeepLink(link)
  if (!parsed.ok) throw new Error(`refused: ${parsed.reason}`)
  return createAppRouter(createMemoryHistory()).resolve(parsed.address)
}

describe('links lead to the app’s own addresses', () => {
  it('a customer, in the spelling given', () => {
    const route = routeOf('conversation-browser://customer/%2B1%20(415)%20555-9876')
    expect(route.name).toBe('customer')
    expect(route.params.phone).toBe('+1 (415) 555-9876')
    expect(routeOf('conversation-browser://customer/+14155559876').params.phone).toBe(
      '+14155559876'
    )
  })

  it('a search with every parameter the search view reads', () => {
    const names = [TEXT_PARAM, OPEN_PARAM, ...Object.values(FILTER_PARAMS)]
    const special: Record<string, string> = {
      from: '2025-01-01',
      to: '2025-01-01',
      removed: 'only',
      open: 'abc-1'
    }
    const value = (name: string): string => special[name] ?? 'a b+c'
    const query = names.map((name) => `${name}=${encodeURIComponent(value(name))}`).join('&')
    const route = routeOf(`conversation-browser://search?${query}`)
    expect(route.name).toBe('search')
    const state = searchStateFromQuery(route.query)
    expect(state.input).toBe('a b+c')
    expect(state.openId).toBe('abc-1')
    expect(state.filters).toEqual({
      type: 'a b+c',
      assistantId: 'a b+c',
      senderPhone: 'a b+c',
      externalId: 'a b+c',
      createdFrom: '2025-01-01',
      createdTo: '2025-01-01',
      removed: 'only'
    })
  })

  it('the dashboard with its range, a conversation, and Settings', () => {
    const dashboard = routeOf(`conversation-browser://dashboard?${RANGE_PARAM}=90d&type=api`)
    expect(dashboard.name).toBe('dashboard')
    expect(dashboardStateFromQuery(dashboard.query).range).toBe('90d')
    expect(dashboardStateFromQuery(dashboard.query).search.filters.type).toBe('api')
    // Its route redirects to the search with the conversation open (routing.test.ts).
    expect(routeOf('conversation-browser://conversation/abc-123').params.id).toBe('abc-123')
    expect(routeOf('conversation-browser://settings').name).toBe('settings')
  })
})
