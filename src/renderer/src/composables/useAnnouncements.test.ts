import { effectScope, nextTick, watch } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { idleSync, installFakeApi } from '../test/fakeApi'
import { useAnnouncerStore } from '../stores/announcer'
import { useSearchStore } from '../stores/search'
import { useSyncStore } from '../stores/sync'
import { COUNT_ANNOUNCE_DELAY_MS, useAnnouncements } from './useAnnouncements'

let scope = effectScope()
beforeEach(() => {
  setActivePinia(createPinia())
  scope = effectScope()
  vi.useFakeTimers()
})
afterEach(() => {
  scope.stop()
  vi.useRealTimers()
})

/** Every text the live region was given, in order. */
function heard(): string[] {
  const announcer = useAnnouncerStore()
  const texts: string[] = []
  watch(
    () => announcer.message,
    (message) => texts.push(message),
    { flush: 'sync' }
  )
  return texts
}

describe('useAnnouncements', () => {
  it('tells the count of the query the person stopped at, once', async () => {
    installFakeApi()
    const texts = heard()
    const search = useSearchStore()
    scope.run(() => useAnnouncements())

    // Typing "jo", then "john": each new query's count replaces a null.
    search.count = { count: 120, capped: false }
    await nextTick()
    vi.advanceTimersByTime(COUNT_ANNOUNCE_DELAY_MS / 2)
    search.count = null
    await nextTick()
    search.count = { count: 4, capped: false }
    await nextTick()
    vi.advanceTimersByTime(COUNT_ANNOUNCE_DELAY_MS)
    expect(texts).toEqual(['4 conversations found.'])

    // A sync refreshing the same query changes the count without telling it again.
    search.count = { count: 5, capped: false }
    await nextTick()
    vi.advanceTimersByTime(COUNT_ANNOUNCE_DELAY_MS * 2)
    expect(texts).toEqual(['4 conversations found.'])

    // The same count for a new query is told again (the live region's text still changes).
    search.count = null
    await nextTick()
    search.count = { count: 5, capped: false }
    await nextTick()
    search.count = null
    await nextTick()
    search.count = { count: 4, capped: false }
    await nextTick()
    vi.advanceTimersByTime(COUNT_ANNOUNCE_DELAY_MS)
    expect(texts).toEqual(['4 conversations found.', '4 conversations found.\u00a0'])
  })

  it('tells the sync started and ended, and none of the pages between', async () => {
    const { emitSyncStatus } = installFakeApi()
    const texts = heard()
    scope.run(() => useAnnouncements())
    useSyncStore().follow(idleSync())
    await nextTick()
    emitSyncStatus(idleSync({ phase: 'running', mode: 'quick' }))
    await nextTick()
    for (const pages of [1, 2, 3]) {
      emitSyncStatus(idleSync({ phase: 'running', mode: 'quick', fraction: pages / 4 }))
      await nextTick()
    }
    emitSyncStatus(idleSync({ online: false, lastError: { code: 'offline', message: 'x' } }))
    await nextTick()
    expect(texts).toEqual([
      'Sync started.',
      'Sync failed: you are offline. The archive still works.'
    ])
  })
})
