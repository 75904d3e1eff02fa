import type { LocationQuery, LocationQueryRaw } from 'vue-router'

/**
 * Which archives the customer view looks in, as its address says it: `#/customer/<phone>?accounts=all`
 * (every account at once, each conversation labelled) or `?accounts=current` (the current
 * account's only). Without the parameter, every account when there are several: an agency does
 * not know which client's line the caller dialled. With one account there is nothing to choose.
 */
export const ACCOUNTS_PARAM = 'accounts'

export type AccountScope = 'all' | 'current'

function single(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : ''
}

/** Whether to look in every account: what the address says, else the default for the count. */
export function looksAcrossAccounts(query: LocationQuery, accountCount: number): boolean {
  if (accountCount < 2) return false
  const scope = single(query[ACCOUNTS_PARAM])
  if (scope === 'current') return false
  // 'all', nothing, or a hand-typed value that means nothing: the default.
  return true
}

/** The same address with the scope set; the view's other parameters (`from`) are kept. */
export function queryWithScope(query: LocationQuery, scope: AccountScope): LocationQueryRaw {
  return { ...query, [ACCOUNTS_PARAM]: scope }
}
