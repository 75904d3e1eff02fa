import type { LocationQuery, RouteLocationRaw } from 'vue-router'
import { ACCOUNT_PARAM } from './accountParam'
import { OPEN_PARAM } from './searchRoute'

/**
 * Where links lead, for components to link without importing the router (which imports them).
 * The routes themselves are in router.ts.
 */
export function customerLocation(phone: string): RouteLocationRaw {
  return { name: 'customer', params: { phone } }
}

/** The dashboard for the search the route names: its filters, without the open conversation. */
export function dashboardLocation(searchQuery: LocationQuery): RouteLocationRaw {
  const query = { ...searchQuery }
  delete query[OPEN_PARAM]
  return { name: 'dashboard', query }
}

/**
 * The list with this conversation open; one of another account (a lookup across accounts found
 * it) switches to that account first, through `?account=NAME` (accountRoute.ts).
 */
export function conversationLocation(id: string, accountName?: string): RouteLocationRaw {
  const query = accountName === undefined ? {} : { [ACCOUNT_PARAM]: accountName }
  return { name: 'conversation', params: { id }, query }
}

export const SETTINGS_ROUTE = 'settings'

export function settingsLocation(): RouteLocationRaw {
  return { name: SETTINGS_ROUTE }
}

export function searchLocation(): RouteLocationRaw {
  return { name: 'search' }
}
