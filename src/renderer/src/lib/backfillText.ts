import type { BackfillStatus } from '@shared/ipc/contract'
import { formatDuration, formatInteger } from './format'
import { describeSyncError } from './syncError'

/** The status bar's line about the transcript backfill, or null when there is nothing to say. */
export function describeBackfill(status: BackfillStatus | null): string | null {
  if (!status) return null
  // Nothing counted yet: a pass that has not reported says so rather than "0 of 0".
  const counted = status.total > 0
  const counts = `${formatInteger(status.done)} of ${formatInteger(status.total)}`
  if (status.phase === 'running') {
    if (!counted) return 'Transcripts: counting…'
    if (status.remainingMs === null) return `Transcripts: ${counts}`
    const left = formatDuration(status.remainingMs)
    const about = left.startsWith('less') ? left : `about ${left}`
    return `Transcripts: ${counts}, ${about} left at the API's limit`
  }
  if (status.phase === 'paused')
    return counted ? `Transcripts paused: ${counts}` : 'Transcripts paused'
  const error = status.lastError
  // Offline has its own banner; a cancelled pass says nothing worth a line.
  if (!error || error.code === 'offline' || error.code === 'cancelled') return null
  const known = error.code === 'auth' || error.code === 'no-key' || error.code === 'server'
  return `Transcripts stopped: ${known ? describeSyncError(error).text : error.message}`
}
