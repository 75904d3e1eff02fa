import type { LocationQuery, RouteLocationRaw } from 'vue-router'

/** `?account=NAME` on any address selects that account (by name, any case) before the view loads. */
export const ACCOUNT_PARAM = 'account'

/** The account an address names, or null; a repeated parameter counts by its first value. */
export function accountParam(query: LocationQuery): string | null {
  const value = query[ACCOUNT_PARAM]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first.trim() !== '' ? first : null
}

/** The address without its account: once followed, the parameter has done its work. */
export function withoutAccount(query: LocationQuery): LocationQuery {
  const rest = { ...query }
  delete rest[ACCOUNT_PARAM]
  return rest
}

/** The list of the account of this name: where a switch goes. */
export function accountListLocation(name: string): RouteLocationRaw {
  return { name: 'search', query: { [ACCOUNT_PARAM]: name } }
}
