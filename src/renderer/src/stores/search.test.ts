import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { IpcResult } from '@shared/ipc/contract'
import type { ArchivedConversation, Conversation } from '../../../shared/model/conversation'
import type { SearchPage, SearchQuery } from '../../../shared/model/search'
import { ApiError } from '../api'
import { archived, conversation, installFakeApi, ok } from '../test/fakeApi'
import { PAGE_SIZE, useSearchStore } from './search'

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined
  const promise = new Promise<T>((settle) => (resolve = settle))
  return { promise, resolve }
}

beforeEach(() => setActivePinia(createPinia()))

describe('search store', () => {
  it('loads page by page with the keyset cursor', async () => {
    const search = vi.fn((query: SearchQuery) =>
      ok<SearchPage>(
        query.cursor === 'c1'
          ? { conversations: [conversation('b')], nextCursor: null }
          : { conversations: [conversation('a')], nextCursor: 'c1' }
      )
    )
    installFakeApi({ search, countConversations: () => ok({ count: 2, capped: false }) })
    const store = useSearchStore()
    store.input = 'John'
    await store.search()
    await store.loadMore()
    await store.loadMore()
    expect(store.results.map((row) => row.id)).toEqual(['a', 'b'])
    expect(store.count).toEqual({ count: 2, capped: false })
    expect(search).toHaveBeenCalledTimes(2)
    expect(search.mock.calls[1]?.[0]).toEqual({ text: 'John', limit: PAGE_SIZE, cursor: 'c1' })
  })

  it('never lets an older answer overwrite a newer one', async () => {
    const slow = deferred<IpcResult<SearchPage>>()
    const search = vi.fn((query: SearchQuery) =>
      query.text === 'Jo'
        ? slow.promise
        : ok<SearchPage>({ conversations: [conversation('new')], nextCursor: null })
    )
    installFakeApi({ search })
    const store = useSearchStore()
    store.input = 'Jo'
    const first = store.search()
    store.input = 'John'
    await store.search()
    slow.resolve({ ok: true, value: { conversations: [conversation('old')], nextCursor: null } })
    await first
    expect(store.results.map((row) => row.id)).toEqual(['new'])
  })

  it('shows the page without waiting for its count, asked for after it', async () => {
    const counted = deferred<IpcResult<{ count: number; capped: boolean }>>()
    const calls: string[] = []
    installFakeApi({
      search: () => (
        calls.push('search'),
        ok({ conversations: [conversation('a')], nextCursor: null })
      ),
      countConversations: () => (calls.push('count'), counted.promise)
    })
    const store = useSearchStore()
    store.count = { count: 7, capped: false }
    store.input = 'Jo'
    const searching = store.search()
    await vi.waitFor(() => expect(store.results.map((row) => row.id)).toEqual(['a']))
    expect(calls).toEqual(['search', 'count'])
    // The previous query's count is not shown beside the new results.
    expect(store.count).toBeNull()

    counted.resolve({ ok: true, value: { count: 1, capped: false } })
    await searching
    expect(store.count).toEqual({ count: 1, capped: false })
  })

  it('asks for no count while the query keeps changing, and one once it stands still', async () => {
    const { api } = installFakeApi({
      search: (query: SearchQuery) =>
        ok({ conversations: [conversation(query.text ?? '')], nextCursor: null })
    })
    const store = useSearchStore()
    const searches: Promise<void>[] = []
    // Each keystroke's results are shown before the next key.
    for (const input of ['J', 'Jo', 'Joh']) {
      store.input = input
      searches.push(store.search())
      await vi.waitFor(() => expect(store.results.map((row) => row.id)).toEqual([input]))
    }
    await Promise.all(searches)
    // The first search after a pause is counted at once; 'Jo' was typed over before its count.
    expect(vi.mocked(api.countConversations).mock.calls).toEqual([
      [{ text: 'J' }],
      [{ text: 'Joh' }]
    ])
    expect(store.count).not.toBeNull()
  })

  it('never shows the count of an older search', async () => {
    const slowCount = deferred<IpcResult<{ count: number; capped: boolean }>>()
    installFakeApi({
      search: (query: SearchQuery) =>
        ok({ conversations: [conversation(query.text ?? '')], nextCursor: null }),
      countConversations: (query: SearchQuery) =>
        query.text === 'Jo' ? slowCount.promise : ok({ count: 2, capped: false })
    })
    const store = useSearchStore()
    store.input = 'Jo'
    const first = store.search()
    // Its page is shown; its count is still on its way when the next search starts.
    await vi.waitFor(() => expect(store.results.map((row) => row.id)).toEqual(['Jo']))
    store.input = 'John'
    await store.search()
    slowCount.resolve({ ok: true, value: { count: 99, capped: true } })
    await first
    expect(store.results.map((row) => row.id)).toEqual(['John'])
    expect(store.count).toEqual({ count: 2, capped: false })
  })

  it('shares the pending promise of an identical load', async () => {
    const { api } = installFakeApi()
    const store = useSearchStore()
    await Promise.all([store.search(), store.search()])
    expect(api.search).toHaveBeenCalledTimes(1)
  })

  it('maps a failed call to an ApiError with its code', async () => {
    installFakeApi({
      search: () =>
        Promise.resolve({ ok: false, error: { code: 'archive', message: 'Broken archive.' } })
    })
    const store = useSearchStore()
    await expect(store.search()).rejects.toEqual(new ApiError('archive', 'Broken archive.'))
    expect(store.error?.code).toBe('archive')
    expect(store.loading).toBe(false)
  })

  it('moves the selection through the results and opens the selected one', async () => {
    const { api } = installFakeApi({
      search: () =>
        ok({
          conversations: [conversation('a'), conversation('b'), conversation('c')],
          nextCursor: null
        })
    })
    const store = useSearchStore()
    await store.search()
    expect(store.newResults).toBe(1)
    store.moveSelection(1)
    expect(store.selectedId).toBe('a')
    store.moveSelection(1)
    store.moveSelection(1)
    store.moveSelection(1)
    expect(store.selectedId).toBe('c')
    store.moveSelection(-1)
    await store.openSelected()
    expect(api.getConversation).toHaveBeenCalledWith({ id: 'b' })
    await store.refresh()
    expect(store.selectedId).toBe('b')
    // A refresh of the same query is not a new result set: the list keeps its place.
    expect(store.newResults).toBe(1)
  })
})

describe('search store, when the query changes', () => {
  const createdOn = (id: string, day: number) =>
    conversation(id, { created_at: `2025-01-${String(day).padStart(2, '0')}T10:00:00.000Z` })
  const a = createdOn('a', 30)
  const b = createdOn('b', 20)
  const c = createdOn('c', 10)
  const x = createdOn('x', 29)
  const y = createdOn('y', 28)

  /** An archive where the empty query lists a, b, c and the text "John" lists the given rows. */
  function archiveWith(johnPage: SearchPage, atInstant: Conversation[] = []) {
    const search = vi.fn((query: SearchQuery) => {
      if (query.createdFrom !== undefined)
        return ok<SearchPage>({ conversations: atInstant, nextCursor: null })
      return ok<SearchPage>(
        query.text === 'John' ? johnPage : { conversations: [a, b, c], nextCursor: null }
      )
    })
    const rows = new Map([a, b, c, x, y].map((row) => [row.id, row]))
    installFakeApi({ search, getConversation: ({ id }) => ok(archived(id, rows.get(id))) })
    return { search }
  }

  async function openB() {
    const store = useSearchStore()
    await store.search()
    await store.open('b')
    expect(store.openConversation?.created_at).toBe(b.created_at)
    return store
  }

  it('closes the detail pane when the new results leave its conversation out', async () => {
    archiveWith({ conversations: [x, y], nextCursor: null })
    const store = await openB()
    store.input = 'John'
    await store.search()
    expect(store.openConversation).toBeNull()
    expect(store.selectedId).toBeNull()
    store.moveSelection(1)
    expect(store.selectedId).toBe('x')
    store.moveSelection(1)
    expect(store.selectedId).toBe('y')
  })

  it('keeps the detail pane when the new results still hold its conversation', async () => {
    archiveWith({ conversations: [x, b], nextCursor: null })
    const store = await openB()
    store.input = 'John'
    await store.search()
    expect(store.openConversation?.id).toBe('b')
    expect(store.selectedId).toBeNull()
    store.moveSelection(1)
    expect(store.selectedId).toBe('x')
  })

  it('keeps a conversation that matches further down the new results, asking the archive once', async () => {
    const { search } = archiveWith({ conversations: [x, y], nextCursor: 'more' }, [b])
    const store = await openB()
    store.input = 'John'
    await store.search()
    expect(search).toHaveBeenLastCalledWith({
      text: 'John',
      createdFrom: b.created_at,
      createdTo: b.created_at,
      limit: expect.any(Number)
    })
    expect(search.mock.calls.filter(([query]) => query.createdFrom !== undefined)).toHaveLength(1)
    expect(store.openConversation?.id).toBe('b')
    expect(store.selectedId).toBeNull()
    store.moveSelection(1)
    expect(store.selectedId).toBe('x')
  })

  it('closes a conversation that is on no later page either', async () => {
    archiveWith({ conversations: [x, y], nextCursor: 'more' }, [])
    const store = await openB()
    store.input = 'John'
    await store.search()
    expect(store.openConversation).toBeNull()
  })

  it('does not let a detail still being read open after results that leave it out', async () => {
    archiveWith({ conversations: [x, y], nextCursor: null })
    const store = useSearchStore()
    await store.search()
    const reading = deferred<IpcResult<ArchivedConversation | null>>()
    window.api.getConversation = () => reading.promise
    const opening = store.open('b')
    store.input = 'John'
    await store.search()
    reading.resolve({ ok: true, value: archived('b') })
    await opening
    expect(store.openConversation).toBeNull()
    expect(store.selectedId).toBeNull()
  })
})

describe('search store, a detail being read when the query changes', () => {
  it('still opens when the new results list it, though the one shown before is left out', async () => {
    const rowsFor = (query: SearchQuery) =>
      query.text === 'John' ? [conversation('x'), conversation('y')] : [conversation('b')]
    installFakeApi({
      search: (query) => ok<SearchPage>({ conversations: rowsFor(query), nextCursor: null }),
      getConversation: ({ id }) => ok(archived(id))
    })
    const store = useSearchStore()
    await store.search()
    await store.open('b')
    const reading = deferred<IpcResult<ArchivedConversation | null>>()
    window.api.getConversation = () => reading.promise
    const opening = store.open('x')
    store.input = 'John'
    await store.search()
    reading.resolve({ ok: true, value: archived('x') })
    await opening
    expect(store.openConversation?.id).toBe('x')
  })
})

describe('search store, snippets and links', () => {
  it('keeps each page’s snippets by conversation id, and a new search’s only', async () => {
    const snippet = (word: string) => ({
      role: 'user',
      position: 2,
      parts: [{ text: word, match: true }]
    })
    installFakeApi({
      search: (query: SearchQuery) =>
        ok<SearchPage>(
          query.text === 'other'
            ? { conversations: [conversation('z')], nextCursor: null }
            : query.cursor
              ? {
                  conversations: [conversation('b')],
                  nextCursor: null,
                  snippets: { b: snippet('bee') }
                }
              : {
                  conversations: [conversation('a')],
                  nextCursor: 'c1',
                  snippets: { a: snippet('ay') }
                }
        )
    })
    const store = useSearchStore()
    store.input = 'word'
    await store.search()
    await store.loadMore()
    expect(Object.keys(store.snippets)).toEqual(['a', 'b'])
    store.input = 'other'
    await store.search()
    expect(store.snippets).toEqual({})
  })

  it('names the conversation being opened before it is read, for the route', async () => {
    const reading = deferred<IpcResult<ArchivedConversation | null>>()
    installFakeApi({ getConversation: () => reading.promise })
    const store = useSearchStore()
    const opening = store.open('b')
    expect(store.detailId).toBe('b')
    expect(store.openConversation).toBeNull()
    reading.resolve({ ok: true, value: archived('b') })
    await opening
    expect(store.detailId).toBe('b')
    store.closeDetail()
    expect(store.detailId).toBeNull()
  })

  it('keeps a conversation a link opened while the first results came, when it matches further down', async () => {
    const old = conversation('old', { created_at: '2024-01-01T00:00:00.000Z' })
    const newest = conversation('new', { created_at: '2025-01-01T00:00:00.000Z' })
    const reading = deferred<IpcResult<ArchivedConversation | null>>()
    const search = vi.fn((query: SearchQuery) =>
      ok<SearchPage>(
        query.createdFrom
          ? { conversations: [old], nextCursor: null }
          : { conversations: [newest], nextCursor: 'more' }
      )
    )
    installFakeApi({ search, getConversation: () => reading.promise })
    const store = useSearchStore()
    const opening = store.open('old')
    await store.search()
    reading.resolve({ ok: true, value: archived('old', old) })
    await opening
    expect(store.openConversation?.id).toBe('old')
    expect(search).toHaveBeenLastCalledWith(
      expect.objectContaining({ createdFrom: old.created_at, createdTo: old.created_at })
    )
  })
})
