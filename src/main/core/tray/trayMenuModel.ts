import type { SyncStatus } from '../../../shared/ipc/contract'

/**
 * What the tray's menu (the menu bar's on macOS) shows, from the sync's state: a line on the
 * last sync, then Open, Sync now and Quit. Pure, so the shell only turns it into a Menu.
 */

export type TrayAction = 'open' | 'sync' | 'quit'

export type TrayMenuItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean }

export type TraySyncState = Pick<SyncStatus, 'phase' | 'lastSyncAt' | 'lastError'>

export interface TrayMenu {
  tooltip: string
  items: TrayMenuItem[]
}

export function trayMenuModel(sync: TraySyncState, now: Date): TrayMenu {
  const status = syncLine(sync, now)
  return {
    tooltip: `Conversation Browser: ${status.charAt(0).toLowerCase()}${status.slice(1)}`,
    items: [
      { kind: 'status', label: status },
      { kind: 'separator' },
      { kind: 'action', action: 'open', label: 'Open Conversation Browser', enabled: true },
      {
        kind: 'action',
        action: 'sync',
        label: sync.phase === 'idle' ? 'Sync now' : 'Syncing…',
        enabled: sync.phase === 'idle'
      },
      { kind: 'separator' },
      { kind: 'action', action: 'quit', label: 'Quit', enabled: true }
    ]
  }
}

function syncLine(sync: TraySyncState, now: Date): string {
  if (sync.phase === 'running') return 'Syncing now'
  if (sync.phase === 'cancelling') return 'Cancelling the sync'
  if (sync.lastError && sync.lastError.code !== 'cancelled') {
    return sync.lastError.code === 'offline'
      ? 'Last sync failed: offline'
      : 'Last sync failed: open the app to see why'
  }
  if (sync.lastSyncAt === null) return 'Not synced yet'
  return `Last sync ${ago(Date.parse(sync.lastSyncAt), now.getTime())}`
}

function ago(then: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - then) / 60_000)
  if (minutes < 1) return 'just now'
  if (minutes < 60) return plural(minutes, 'minute')
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return plural(hours, 'hour')
  return plural(Math.floor(hours / 24), 'day')
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`
}
