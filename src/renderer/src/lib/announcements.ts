import type { CountResult, SyncStatus } from '@shared/ipc/contract'
import { formatCount, formatInteger } from './format'
import { describeSyncError } from './syncError'

function isRunning(status: SyncStatus | null): boolean {
  return status !== null && status.phase !== 'idle'
}

function plural(count: number, noun: string): string {
  return `${formatInteger(count)} ${noun}${count === 1 ? '' : 's'}`
}

/**
 * What a screen reader is told when the sync's state changes: its milestones (started, done,
 * failed, offline), never its progress. A page written or a row counted says nothing.
 */
export function syncMilestone(before: SyncStatus | null, after: SyncStatus | null): string | null {
  if (!after) return null
  if (!isRunning(before) && isRunning(after)) return 'Sync started.'
  if (isRunning(before) && !isRunning(after)) {
    const error = after.lastError
    if (error?.code === 'offline') return 'Sync failed: you are offline. The archive still works.'
    if (error) return `Sync failed. ${describeSyncError(error).text}`
    const summary = after.lastSummary
    if (!summary) return 'Sync done.'
    return `Sync done: ${plural(summary.inserted, 'new conversation')}, ${formatInteger(summary.updated)} updated.`
  }
  // Offline or back without a sync ending (the scheduled check, or a sync that never started).
  if (before && before.online && !after.online) {
    return 'You are offline. The archive still works.'
  }
  if (before && !before.online && after.online) return 'Back online.'
  return null
}

/** The number of results, as the count beside the search field shows it. */
export function countAnnouncement(count: CountResult): string {
  return `${formatCount(count.count, count.capped)} found.`
}
