import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { BackfillStatus, IpcResult } from '@shared/ipc/contract'
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

  it('keeps the newer status an event told while Pause or Resume was answered', async () => {
    let answer: (value: IpcResult<BackfillStatus>) => void = () => undefined
    const { emitBackfillStatus } = installFakeApi({
      resumeBackfill: () => new Promise((settle) => (answer = settle))
    })
    const store = useBackfillStore()
    store.follow(idleBackfill({ phase: 'paused', done: 40, total: 100 }))
    const resuming = store.resume()
    // The pass starts, and reports its first figures before the call's answer arrives.
    emitBackfillStatus(idleBackfill({ phase: 'running', done: 0, total: 0 }))
    emitBackfillStatus(idleBackfill({ phase: 'running', done: 41, total: 100 }))
    answer({ ok: true, value: idleBackfill({ phase: 'running', done: 0, total: 0 }) })
    await resuming
    expect(store.status).toMatchObject({ phase: 'running', done: 41, total: 100 })

    // With no event on the way, the answer is the news.
    await store.pause()
    expect(store.phase).toBe('paused')
  })
})
