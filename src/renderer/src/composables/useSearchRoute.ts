import { watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useSearchStore } from '../stores/search'
import {
  queryFromSearchState,
  sameFilters,
  sameSearchQuery,
  searchStateFromQuery,
  type SearchRouteState
} from '../lib/searchRoute'

// Keystrokes closer together than this are one search being typed: they share one history
// entry, so Back goes to the previous search rather than to the previous letter.
export const TYPING_PAUSE_MS = 1000

/**
 * Keeps the search store and the route's query in step while the search view is shown. The
 * route wins: Back, Forward and links set the store from it; typing, filters and opening a
 * conversation write it back. A new search is a new history entry; opening a conversation
 * replaces the current one, so Back is never a walk through every row clicked.
 */
export function useSearchRoute(): void {
  const route = useRoute()
  const router = useRouter()
  const search = useSearchStore()
  let lastTypedAt = Number.NEGATIVE_INFINITY

  function storeState(): SearchRouteState {
    return { input: search.input, filters: { ...search.filters }, openId: search.detailId }
  }

  watch(
    () => route.query,
    (query) => {
      if (route.name !== 'search') return
      const wanted = searchStateFromQuery(query)
      if (wanted.input !== search.input) search.input = wanted.input
      if (!sameFilters(wanted.filters, search.filters)) search.filters = wanted.filters
      if (wanted.openId === search.detailId) return
      if (wanted.openId === null) search.closeDetail()
      else search.open(wanted.openId).catch(() => undefined)
    },
    { immediate: true }
  )

  watch([storeState, () => search.resets], ([state, resets], [previous, resetsBefore]) => {
    // Behind the Settings dialog the search is shown but not at the address: nothing to write.
    if (route.name !== 'search' || router.currentRoute.value.name !== 'search') return
    // Emptied for another account: the address being opened says what that account shows.
    if (resets !== resetsBefore) return
    const query = queryFromSearchState(state)
    if (sameSearchQuery(route.query, query)) return
    const sameSearch =
      state.input === previous.input && sameFilters(state.filters, previous.filters)
    const typed = state.input !== previous.input && sameFilters(state.filters, previous.filters)
    let replace = sameSearch
    if (typed) {
      const now = Date.now()
      replace = now - lastTypedAt < TYPING_PAUSE_MS
      lastTypedAt = now
    }
    const location = { name: 'search' as const, query }
    void (replace ? router.replace(location) : router.push(location))
  })
}
