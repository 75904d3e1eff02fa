import { effectScope, nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SyncSummary } from '../../../shared/model/sync'
import { idleSync, installFakeApi } from '../test/fakeApi'
import { useSyncStore } from '../stores/sync'
import { useLiveResults } from './useLiveResults'

let scope = effectScope()
beforeEach(() => {
  setActivePinia(createPinia())
  scope = effectScope()
})
afterEach(() => scope.stop())

function summary(changes: Partial<SyncSummary>): SyncSummary {
  return {
    mode: 'quick',
    resumed: false,
    complete: false,
    pages: 1,
    rows: 100,
    inserted: 0,
    updated: 0,
    unchanged: 100,
    removed: 0,
    requests: 1,
    startedAt: '2025-03-01T00:00:00.000Z',
    finishedAt: '2025-03-01T00:00:01.000Z',
    durationMs: 1000,
    writeMs: 5,
    ...changes
  }
}

/** Runs one sync from start to end, as the main process reports it. */
async function finishSync(
  emit: (status: ReturnType<typeof idleSync>) => void,
  ended: ReturnType<typeof idleSync>
): Promise<void> {
  emit(idleSync({ phase: 'running', mode: 'quick' }))
  await nextTick()
  emit(ended)
  await nextTick()
}

describe('useLiveResults after a sync', () => {
  it('reloads the filter choices and the archive figures only when the sync changed something', async () => {
    const { api, emitSyncStatus } = installFakeApi()
    useSyncStore().follow(idleSync())
    scope.run(() => useLiveResults())

    await finishSync(emitSyncStatus, idleSync({ lastSummary: summary({}) }))
    expect(api.getFilterOptions).not.toHaveBeenCalled()
    expect(api.getAppState).not.toHaveBeenCalled()

    await finishSync(emitSyncStatus, idleSync({ lastSummary: summary({ inserted: 3 }) }))
    expect(api.getFilterOptions).toHaveBeenCalledTimes(1)
    expect(api.getAppState).toHaveBeenCalledTimes(1)

    await finishSync(emitSyncStatus, idleSync({ lastSummary: summary({ removed: 1 }) }))
    expect(api.getFilterOptions).toHaveBeenCalledTimes(2)
  })

  it('reloads after a failed sync, which may have written pages before it stopped', async () => {
    const { api, emitSyncStatus } = installFakeApi()
    useSyncStore().follow(idleSync())
    scope.run(() => useLiveResults())

    await finishSync(
      emitSyncStatus,
      idleSync({
        lastSummary: summary({}),
        lastError: { code: 'offline', message: 'The server cannot be reached.' }
      })
    )
    expect(api.getFilterOptions).toHaveBeenCalledTimes(1)
  })
})
