import type { RouteLocationRaw } from 'vue-router'

/**
 * Where links lead, for components to link without importing the router (which imports them).
 * The routes themselves are in router.ts.
 */
export function customerLocation(phone: string): RouteLocationRaw {
  return { name: 'customer', params: { phone } }
}

export function conversationLocation(id: string): RouteLocationRaw {
  return { name: 'conversation', params: { id } }
}
