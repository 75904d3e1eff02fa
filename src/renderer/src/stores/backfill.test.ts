import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { idleBackfill, installFakeApi } from '../test/fakeApi'
import { useBackfillStore } from './backfill'

beforeEach(() => setActivePinia(createPinia()))

describe('backfill store', () => {
  it('follows the status events of the main process', () => {
    const { emitBackfillStatus } = installFakeApi()
    const store = useBackfillStore()
    store.follow(idleBackfill())
    expect(store.phase).toBe('idle')
    emitBackfillStatus(idleBackfill({ phase: 'running', done: 3, total: 10 }))
    expect(store.status?.done).toBe(3)
    store.stopFollowing()
    emitBackfillStatus(idleBackfill({ phase: 'paused' }))
    expect(store.phase).toBe('running')
  })

  it('pauses and resumes, taking main’s answer as the status', async () => {
    const { api } = installFakeApi()
    const store = useBackfillStore()
    store.follow(idleBackfill({ phase: 'running' }))
    await store.pause()
    expect(api.pauseBackfill).toHaveBeenCalledOnce()
    expect(store.phase).toBe('paused')
    await store.resume()
    expect(store.phase).toBe('running')
  })
})
