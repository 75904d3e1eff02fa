import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CountResult } from '@shared/ipc/contract'
import type { ArchivedConversation, Conversation } from '../../../main/core/types'
import { api } from '../api'
import { buildSearchQuery, emptyFilters, type SearchFilters } from '../lib/searchQuery'
import { useLoader } from './loader'

export const PAGE_SIZE = 150

export const useSearchStore = defineStore('search', () => {
  const input = ref('')
  const filters = ref<SearchFilters>(emptyFilters())
  const results = ref<Conversation[]>([])
  const nextCursor = ref<string | null>(null)
  const count = ref<CountResult | null>(null)
  const selectedId = ref<string | null>(null)
  const openConversation = ref<ArchivedConversation | null>(null)
  const loaded = ref(false)
  const loadingMore = ref(false)
  const { loading, showSpinner, error, run } = useLoader()
  // Each search gets a number; an answer is applied only if no newer search started since.
  let generation = 0
  let openGeneration = 0

  const built = computed(() => buildSearchQuery(input.value, filters.value))
  const hint = computed(() => built.value.hint)
  const selectedIndex = computed(() =>
    selectedId.value === null ? -1 : results.value.findIndex((row) => row.id === selectedId.value)
  )

  /**
   * Runs the current query from the first page. A new query starts a new selection, so Down
   * picks its first row; a refresh of the same query keeps the selection.
   */
  async function search(options: { keepSelection?: boolean } = {}): Promise<void> {
    const query = built.value.query
    const mine = ++generation
    const [page, counted] = await run(JSON.stringify(query), () =>
      Promise.all([api.search({ ...query, limit: PAGE_SIZE }), api.countConversations(query)])
    )
    if (mine !== generation) return
    results.value = page.conversations
    nextCursor.value = page.nextCursor
    count.value = counted
    if (!options.keepSelection) selectedId.value = null
    loaded.value = true
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
    selectedId.value = rows[next]?.id ?? null
    if (next >= rows.length - 20) void loadMore()
  }

  async function open(id: string): Promise<void> {
    selectedId.value = id
    const mine = ++openGeneration
    const conversation = await run(`open:${id}`, () => api.getConversation(id))
    if (mine === openGeneration) openConversation.value = conversation
  }

  async function openSelected(): Promise<void> {
    if (selectedId.value !== null) await open(selectedId.value)
  }

  function closeDetail(): void {
    openGeneration++
    openConversation.value = null
  }

  /** After a sync: the same query again, and the open conversation re-read. */
  async function refresh(): Promise<void> {
    await search({ keepSelection: true })
    const openId = openConversation.value?.id
    if (openId) await open(openId)
  }

  function clearFilters(): void {
    filters.value = emptyFilters()
  }

  return {
    input,
    filters,
    results,
    nextCursor,
    count,
    selectedId,
    openConversation,
    loaded,
    loadingMore,
    loading,
    showSpinner,
    error,
    hint,
    selectedIndex,
    search,
    loadMore,
    select,
    moveSelection,
    open,
    openSelected,
    closeDetail,
    refresh,
    clearFilters
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSearchStore, import.meta.hot))
