import { describe, expect, it } from 'vitest'
import type { SyncStatus } from '@shared/ipc/contract'
import type { SyncSummary } from '../../../shared/model/sync'
import { idleSync } from '../test/fakeApi'
import { countAnnouncement, syncMilestone } from './announcements'

function running(rows: number): SyncStatus {
  return idleSync({
    phase: 'running',
    mode: 'quick',
    progress: {
      mode: 'quick',
      resumed: false,
      pages: Math.ceil(rows / 100),
      rows,
      inserted: rows,
      updated: 0,
      unchanged: 0,
      rowsPerSecond: 50,
      elapsedMs: rows * 20
    }
  })
}

function summary(inserted: number, updated: number): SyncSummary {
  return {
    mode: 'quick',
    resumed: false,
    complete: true,
    pages: 2,
    rows: 200,
    inserted,
    updated,
    unchanged: 200 - inserted - updated,
    removed: 0,
    requests: 2,
    startedAt: '2025-03-01T00:00:00.000Z',
    finishedAt: '2025-03-01T00:00:02.000Z',
    durationMs: 2000,
    writeMs: 5
  }
}

describe('syncMilestone', () => {
  it('tells that a sync started, and nothing for its progress', () => {
    expect(syncMilestone(idleSync(), running(0))).toBe('Sync started.')
    expect(syncMilestone(running(0), running(100))).toBeNull()
    expect(syncMilestone(running(100), running(200))).toBeNull()
  })

  it('tells that a sync is done, with what it brought', () => {
    const done = idleSync({ lastSummary: summary(1, 12), lastSyncAt: '2025-03-01T00:00:02Z' })
    expect(syncMilestone(running(200), done)).toBe('Sync done: 1 new conversation, 12 updated.')
    expect(syncMilestone(running(200), idleSync({ lastSummary: summary(1200, 0) }))).toBe(
      'Sync done: 1,200 new conversations, 0 updated.'
    )
  })

  it('tells that a sync failed, and why, offline included', () => {
    const offline = idleSync({
      online: false,
      lastError: { code: 'offline', message: 'fetch failed' }
    })
    expect(syncMilestone(running(0), offline)).toBe(
      'Sync failed: you are offline. The archive still works.'
    )
    const refused = idleSync({ lastError: { code: 'auth', message: '401' } })
    expect(syncMilestone(running(0), refused)).toBe(
      'Sync failed. autocalls.ai refused the API key. Enter a new one in Settings.'
    )
  })

  it('tells that the window went offline or came back while no sync was running', () => {
    expect(syncMilestone(idleSync(), idleSync({ online: false }))).toBe(
      'You are offline. The archive still works.'
    )
    expect(syncMilestone(idleSync({ online: false }), idleSync())).toBe('Back online.')
    expect(syncMilestone(idleSync(), idleSync({ nextSyncAt: '2025-03-01T00:05:00Z' }))).toBeNull()
  })

  it('tells a sync running at launch, when the window first hears of it', () => {
    expect(syncMilestone(null, running(0))).toBe('Sync started.')
    expect(syncMilestone(null, idleSync())).toBeNull()
  })
})

describe('countAnnouncement', () => {
  it('reads the count as the window shows it', () => {
    expect(countAnnouncement({ count: 1, capped: false })).toBe('1 conversation found.')
    expect(countAnnouncement({ count: 1234, capped: false })).toBe('1,234 conversations found.')
    expect(countAnnouncement({ count: 10000, capped: true })).toBe('10,000+ conversations found.')
  })
})
