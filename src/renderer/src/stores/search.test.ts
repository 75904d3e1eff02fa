import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { IpcResult } from '@shared/ipc/contract'
import type { SearchPage, SearchQuery } from '../../../main/core/types'
import { ApiError } from '../api'
import { conversation, installFakeApi, ok } from '../test/fakeApi'
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
    store.input = 'another query'
    await store.search()
    expect(store.selectedId).toBeNull()
  })
})
