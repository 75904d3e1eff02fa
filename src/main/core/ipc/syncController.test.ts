import { describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../../shared/ipc/contract'
import { createSyncController } from './syncController'

describe('the sync controllers’ count of changes', () => {
  it('orders every account’s statuses, and an answer read now is newer than what was sent', async () => {
    const sent: SyncStatus[] = []
    const first = createSyncController({ onStatus: (status) => sent.push(status) })
    const second = createSyncController({ onStatus: (status) => sent.push(status) })
    first.setNextSyncAt('2026-12-03T10:00:00.000Z')
    second.setNextSyncAt('2026-12-03T11:00:00.000Z')
    first.setNextSyncAt(null)
    const counts = sent.map((status) => status.seq)
    expect(counts).toEqual([...counts].sort((a, b) => a - b))
    expect(new Set(counts).size).toBe(counts.length)
    // The second account's status, read after the first changed again, is newer than all sent.
    expect(second.status().seq).toBe(Math.max(...counts))
    expect(second.status().nextSyncAt).toBe('2026-12-03T11:00:00.000Z')
    expect(await first.cancel()).toEqual(expect.objectContaining({ seq: Math.max(...counts) }))
  })
})
