import type { BrowserWindow } from 'electron'
import type { SyncStatus } from '../../shared/ipc/contract'

/** Mirrors the sync on the taskbar or dock: a bar when the share is known, indeterminate else. */
export function showSyncProgress(window: BrowserWindow, status: SyncStatus): void {
  if (window.isDestroyed()) return
  if (status.phase === 'idle') window.setProgressBar(-1)
  else if (status.fraction !== null) window.setProgressBar(status.fraction)
  // Above 1 is indeterminate on macOS and Linux; Windows needs the mode.
  else window.setProgressBar(2, { mode: 'indeterminate' })
}
