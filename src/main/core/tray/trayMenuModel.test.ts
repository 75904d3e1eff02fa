import { describe, expect, it } from 'vitest'
import { trayMenuModel, type TraySyncState } from './trayMenuModel'

const NOW = new Date('2026-12-03T14:00:00Z')
const idle = (changes: Partial<TraySyncState> = {}): TraySyncState => ({
  phase: 'idle',
  lastSyncAt: null,
  lastError: null,
  ...changes
})
const minutesAgo = (minutes: number): string =>
  new Date(NOW.getTime() - minutes * 60_000).toISOString()

function statusLine(sync: TraySyncState): string {
  const first = trayMenuModel(sync, NOW).items[0]
  return first?.kind === 'status' ? first.label : ''
}

describe('trayMenuModel', () => {
  it('offers Open, Sync now and Quit under the last sync', () => {
    const menu = trayMenuModel(idle({ lastSyncAt: minutesAgo(5) }), NOW)
    expect(menu.items).toEqual([
      { kind: 'status', label: 'Last sync 5 minutes ago' },
      { kind: 'separator' },
      { kind: 'action', action: 'open', label: 'Open Conversation Browser', enabled: true },
      { kind: 'action', action: 'sync', label: 'Sync now', enabled: true },
      { kind: 'separator' },
      { kind: 'action', action: 'quit', label: 'Quit', enabled: true }
    ])
    expect(menu.tooltip).toBe('Conversation Browser: last sync 5 minutes ago')
  })

  it.each([
    [idle(), 'Not synced yet'],
    [idle({ lastSyncAt: minutesAgo(0.5) }), 'Last sync just now'],
    [idle({ lastSyncAt: minutesAgo(1) }), 'Last sync 1 minute ago'],
    [idle({ lastSyncAt: minutesAgo(61) }), 'Last sync 1 hour ago'],
    [idle({ lastSyncAt: minutesAgo(60 * 50) }), 'Last sync 2 days ago'],
    // A clock set back never says "in the future".
    [idle({ lastSyncAt: minutesAgo(-10) }), 'Last sync just now'],
    [
      idle({ lastSyncAt: minutesAgo(3), lastError: { code: 'offline', message: 'x' } }),
      'Last sync failed: offline'
    ],
    [
      idle({ lastError: { code: 'auth', message: 'HTTP 401' } }),
      'Last sync failed: open the app to see why'
    ],
    [
      idle({ lastSyncAt: minutesAgo(2), lastError: { code: 'cancelled', message: 'x' } }),
      'Last sync 2 minutes ago'
    ]
  ])('says %j as “%s”', (sync, label) => {
    expect(statusLine(sync)).toBe(label)
  })

  it('offers no second sync while one runs', () => {
    const menu = trayMenuModel(idle({ phase: 'running', lastSyncAt: minutesAgo(5) }), NOW)
    expect(menu.items[0]).toEqual({ kind: 'status', label: 'Syncing now' })
    expect(menu.items).toContainEqual({
      kind: 'action',
      action: 'sync',
      label: 'Syncing…',
      enabled: false
    })
  })
})
