import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CountResult } from '@shared/ipc/contract'
import type { ArchivedConversation, Conversation } from '../../../shared/model/conversation'
import type { MessageSnippet, SearchQuery } from '../../../shared/model/search'
import { api } from '../api'
import {
  buildSearchQuery,
  emptyFilters,
  queryAtInstant,
  type SearchFilters
} from '../lib/searchQuery'
import { useLoader } from './loader'

export const PAGE_SIZE = 150
// Enough for every conversation created in the same millisecond as the one being looked for.
const MATCH_CHECK_LIMIT = 50
// Searches closer together than this are typing: their counts wait (see loadCount).
const COUNT_SETTLE_MS = 200

export const useSearchStore = defineStore('search', () => {
  const input = ref('')
  const filters = ref<SearchFilters>(emptyFilters())
  const results = ref<Conversation[]>([])
  /** Where a text search matched the listed conversations' transcripts, by id. */
  const snippets = ref<Record<string, MessageSnippet>>({})
  const nextCursor = ref<string | null>(null)
  const count = ref<CountResult | null>(null)
  const selectedId = ref<string | null>(null)
  const openConversation = ref<ArchivedConversation | null>(null)
  const loaded = ref(false)
  const loadingMore = ref(false)
  // The list's scroll offset while the search view is not shown, so Back returns to the same place.
  const listScrollTop = ref(0)
  const { loading, showSpinner, error, run } = useLoader()
  // Each search gets a number; an answer is applied only if no newer search started since.
  let generation = 0
  let openGeneration = 0
  let lastSearchStartedAt = Number.NEGATIVE_INFINITY
  // The conversation whose detail is being read, until it arrives.
  const openingId = ref<string | null>(null)
  // The query the listed results answer: a different one means the results are new, not refreshed.
  let listedQueryKey: string | null = null
  let listedQuery: SearchQuery = {}
  // Counts result sets that answer a different query, for the list to start again from the top.
  const newResults = ref(0)
  // Counts resets for another account: the route, not the emptied store, then says what to show.
  const resets = ref(0)

  const built = computed(() => buildSearchQuery(input.value, filters.value))
  const hint = computed(() => built.value.hint)
  /** The conversation the detail pane shows or is about to show: what the route names. */
  const detailId = computed(() => openingId.value ?? openConversation.value?.id ?? null)
  const selectedIndex = computed(() =>
    selectedId.value === null ? -1 : results.value.findIndex((row) => row.id === selectedId.value)
  )

  /**
   * Runs the current query from the first page. A refresh of the same query (a sync wrote rows)
   * keeps the selection and the open conversation. A different query starts a new selection, so
   * Down picks its first row, and keeps the open conversation only if it matches.
   */
  async function search(): Promise<void> {
    const query = built.value.query
    const key = JSON.stringify(query)
    const mine = ++generation
    const startedAt = Date.now()
    const typing = startedAt - lastSearchStartedAt < COUNT_SETTLE_MS
    lastSearchStartedAt = startedAt
    const page = await run(key, () => api.search({ ...query, limit: PAGE_SIZE }))
    if (mine !== generation) return
    const newQuery = key !== listedQueryKey
    listedQueryKey = key
    listedQuery = query
    if (newQuery) {
      newResults.value++
      // The previous query's count must not stand beside these results.
      count.value = null
    }
    results.value = page.conversations
    snippets.value = page.snippets ?? {}
    nextCursor.value = page.nextCursor
    loaded.value = true
    if (newQuery) await startNewResults(query, key)
    await loadCount(query, key, mine, typing)
  }

  /**
   * The count comes after the page, not with it: it reads up to 10,000 rows (hundreds of
   * milliseconds over a million with two broad filters) where a page reads a few hundred, and
   * the reader thread answers one query at a time. While the query keeps changing, its count
   * waits until the query has stood still, and is never asked for if it does not.
   */
  async function loadCount(
    query: SearchQuery,
    key: string,
    mine: number,
    typing: boolean
  ): Promise<void> {
    if (typing) {
      await new Promise((resolve) => setTimeout(resolve, COUNT_SETTLE_MS))
      if (mine !== generation) return
    }
    const counted = await run(`count:${key}`, () => api.countConversations(query))
    if (mine === generation) count.value = counted
  }

  /**
   * As in a mail client, new results close the detail pane unless they hold its conversation:
   * the pane never shows one the query leaves out.
   */
  async function startNewResults(query: SearchQuery, key: string): Promise<void> {
    selectedId.value = null
    const listed = new Set(results.value.map((row) => row.id))
    // The detail being read is about to replace the shown one: `open` checks it once read.
    if (openingId.value !== null) return
    const shown = openConversation.value
    if (shown === null || listed.has(shown.id)) return
    const matches = await matchesBeyondListed(query, shown)
    // A refresh of the same query meanwhile does not settle this; a different query settles its own.
    if (!matches && key === listedQueryKey && openConversation.value?.id === shown.id) closeDetail()
  }

  /** Whether a conversation the first page does not hold is a match on a later page. */
  async function matchesBeyondListed(
    query: SearchQuery,
    conversation: Conversation
  ): Promise<boolean> {
    const last = results.value.at(-1)
    // Newest first: a match newer than the last listed row would be listed.
    const newerThanListed =
      !last || Date.parse(conversation.created_at) > Date.parse(last.created_at)
    if (nextCursor.value === null || newerThanListed) return false
    const narrowed = queryAtInstant(query, conversation.created_at)
    if (narrowed === null) return false
    const page = await run(`match:${JSON.stringify(narrowed)}`, () =>
      api.search({ ...narrowed, limit: MATCH_CHECK_LIMIT })
    )
    return page.conversations.some((row) => row.id === conversation.id)
  }

  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value
    if (cursor === null || loadingMore.value) return
    const mine = generation
    loadingMore.value = true
    try {
      const page = await run(`more:${cursor}`, () =>
        api.search({ ...built.value.query, limit: PAGE_SIZE, cursor })
      )
      if (mine !== generation || nextCursor.value !== cursor) return
      results.value = results.value.concat(page.conversations)
      if (page.snippets) snippets.value = { ...snippets.value, ...page.snippets }
      nextCursor.value = page.nextCursor
    } finally {
      loadingMore.value = false
    }
  }

  function select(id: string | null): void {
    selectedId.value = id
  }

  /** Moves the selection by `delta` rows; with nothing selected, Down picks the first row. */
  function moveSelection(delta: number): void {
    const rows = results.value
    if (rows.length === 0) return
    const from = selectedIndex.value
    const next =
      from === -1
        ? delta > 0
          ? 0
          : rows.length - 1
        : Math.min(rows.length - 1, Math.max(0, from + delta))
    selectAt(next)
  }

  /** Selects the loaded row at `index`; near the end of what is loaded, the next page loads. */
  function selectAt(index: number): void {
    const rows = results.value
    const row = rows[index]
    if (!row) return
    selectedId.value = row.id
    if (index >= rows.length - 20) void loadMore()
  }

  async function open(id: string): Promise<void> {
    selectedId.value = id
    const mine = ++openGeneration
    const listedWhenAsked = listedQueryKey
    openingId.value = id
    try {
      const conversation = await run(`open:${id}`, () => api.getConversation(id))
      if (mine !== openGeneration) return
      // Results of another query came while it was read: it opens only if they hold it, even
      // on a later page (a link or Back may name a conversation far down the list).
      const requeried = listedQueryKey !== listedWhenAsked
      if (conversation && requeried && !(await isListedOrMatches(conversation))) {
        if (mine === openGeneration) closeDetail()
        return
      }
      if (mine === openGeneration) openConversation.value = conversation
    } catch (failure) {
      // The one shown before stays only if the results still hold it.
      if (mine === openGeneration && listedQueryKey !== listedWhenAsked) closeUnlistedDetail()
      throw failure
    } finally {
      if (mine === openGeneration) openingId.value = null
    }
  }

  async function isListedOrMatches(conversation: Conversation): Promise<boolean> {
    if (results.value.some((row) => row.id === conversation.id)) return true
    return matchesBeyondListed(listedQuery, conversation)
  }

  function closeUnlistedDetail(): void {
    const shown = openConversation.value
    if (shown && !results.value.some((row) => row.id === shown.id)) closeDetail()
  }

  async function openSelected(): Promise<void> {
    if (selectedId.value !== null) await open(selectedId.value)
  }

  function closeDetail(): void {
    openGeneration++
    openingId.value = null
    openConversation.value = null
  }

  /** After a sync: the same query again, and the open conversation re-read. */
  async function refresh(): Promise<void> {
    await search()
    const openId = openConversation.value?.id
    if (openId) await open(openId)
  }

  function clearFilters(): void {
    filters.value = emptyFilters()
  }

  /** Another account is shown: nothing of this one's list stays, and its answers are dropped. */
  function reset(): void {
    generation++
    openGeneration++
    input.value = ''
    filters.value = emptyFilters()
    results.value = []
    snippets.value = {}
    nextCursor.value = null
    count.value = null
    selectedId.value = null
    openConversation.value = null
    openingId.value = null
    loaded.value = false
    loadingMore.value = false
    listScrollTop.value = 0
    error.value = null
    listedQueryKey = null
    listedQuery = {}
    newResults.value++
    resets.value++
  }

  return {
    input,
    filters,
    results,
    snippets,
    nextCursor,
    count,
    selectedId,
    openConversation,
    loaded,
    loadingMore,
    listScrollTop,
    loading,
    showSpinner,
    error,
    hint,
    selectedIndex,
    detailId,
    newResults,
    resets,
    search,
    loadMore,
    select,
    moveSelection,
    selectAt,
    open,
    openSelected,
    closeDetail,
    refresh,
    clearFilters,
    reset
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSearchStore, import.meta.hot))
