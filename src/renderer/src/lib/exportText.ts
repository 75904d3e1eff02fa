import type { ExportStatus } from '@shared/ipc/contract'
import { formatInteger } from './format'

/** Where a running export stands, in words: "Writing 1,200 of 5,000 conversations…". */
export function exportProgressText(status: ExportStatus): string {
  if (status.phase === 'cancelling') return 'Cancelling…'
  const done = formatInteger(status.done)
  if (status.step === 'counting') return `Reading the columns: ${done} conversations…`
  if (status.total === null) return `Writing ${done} conversations…`
  return `Writing ${done} of ${formatInteger(status.total)} conversations…`
}

/** How the last export ended, in a sentence; null while none has ended. */
export function exportEndText(status: ExportStatus): string | null {
  switch (status.phase) {
    case 'done': {
      const noun = status.done === 1 ? 'conversation' : 'conversations'
      const folder = status.transcriptsDir ? `, transcripts in ${status.transcriptsDir}` : ''
      return `Saved ${formatInteger(status.done)} ${noun} to ${status.path ?? 'the file'}${folder}.`
    }
    case 'cancelled':
      return 'Export cancelled: nothing was saved.'
    case 'failed':
      return status.error?.message ?? 'The export failed: nothing was saved.'
    default:
      return null
  }
}

/** The share done, 0 to 1, or null while the total is unknown (an indeterminate bar). */
export function exportFraction(status: ExportStatus): number | null {
  if (status.total === null || status.total === 0 || status.step === 'counting') return null
  return Math.min(1, status.done / status.total)
}
