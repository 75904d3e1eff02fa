import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { idleSync, installFakeApi } from '../test/fakeApi'
import { useSyncStore } from './sync'

beforeEach(() => setActivePinia(createPinia()))

describe('sync store', () => {
  it('follows the status events of the main process', () => {
    const { emitSyncStatus } = installFakeApi()
    const sync = useSyncStore()
    sync.follow(idleSync())
    expect(sync.running).toBe(false)
    emitSyncStatus(idleSync({ phase: 'running', mode: 'full' }))
    expect(sync.running).toBe(true)
    emitSyncStatus(idleSync({ online: false }))
    expect(sync.running).toBe(false)
    expect(sync.online).toBe(false)
    sync.stopFollowing()
    emitSyncStatus(idleSync({ phase: 'running' }))
    expect(sync.running).toBe(false)
  })

  it('starts a full sync first and quick refreshes after', async () => {
    const { api } = installFakeApi()
    const sync = useSyncStore()
    sync.follow(idleSync())
    await sync.start()
    expect(api.startSync).toHaveBeenLastCalledWith({ mode: 'full' })
    sync.follow(idleSync({ lastSyncAt: '2025-01-01T00:00:00Z' }))
    await sync.start()
    expect(api.startSync).toHaveBeenLastCalledWith({ mode: 'quick' })
  })

  it('keeps the event that a sync ended over the answer that it started, when the answer comes last', async () => {
    const { emitSyncStatus } = installFakeApi({
      // A quick sync that is over before its answer reaches the window.
      startSync: async () => {
        emitSyncStatus(idleSync({ seq: 1, phase: 'running', mode: 'quick' }))
        emitSyncStatus(idleSync({ seq: 2, lastSyncAt: '2025-01-01T00:00:00Z' }))
        return { ok: true, value: idleSync({ seq: 1, phase: 'running', mode: 'quick' }) }
      }
    })
    const sync = useSyncStore()
    sync.follow(idleSync())
    await sync.start()
    expect(sync.running).toBe(false)
  })

  it('keeps an added account’s first sync that ended before the switch to it was answered', () => {
    const { emitSyncStatus } = installFakeApi()
    const sync = useSyncStore()
    sync.follow(idleSync({ seq: 3, lastSyncAt: '2025-01-01T00:00:00Z' }))
    // The new account's sync ends; its event arrives before the answer read a little earlier.
    emitSyncStatus(idleSync({ seq: 9, lastSyncAt: '2025-02-02T00:00:00Z' }))
    sync.follow(idleSync({ seq: 8, phase: 'running', mode: 'full' }))
    expect(sync.running).toBe(false)
    expect(sync.status?.lastSyncAt).toBe('2025-02-02T00:00:00Z')
    // And an answer newer than every event is taken.
    sync.follow(idleSync({ seq: 10, phase: 'running', mode: 'quick' }))
    expect(sync.running).toBe(true)
  })
})
