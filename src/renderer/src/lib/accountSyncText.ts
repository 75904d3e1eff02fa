import type { AccountSummary } from '../../../shared/model/account'
import { formatRelativeTime } from './format'

/** An account's sync state in a few words, as the switcher lists it beside the name. */
export function accountSyncText(account: AccountSummary, now: Date): string {
  const { phase, lastSyncAt, lastError } = account.sync
  if (phase === 'running') return 'Syncing…'
  if (phase === 'cancelling') return 'Cancelling its sync…'
  if (!account.keySet) return 'No API key saved'
  if (lastError) return `Last sync failed: ${lastError}`
  if (lastSyncAt) return `Synced ${formatRelativeTime(lastSyncAt, now)}`
  return 'Not synced yet'
}

/** The keys that switch to the account at `index` (0 for the first), if it has any. */
export function accountShortcut(index: number, mac: boolean): string | null {
  return index < 9 ? `${mac ? 'Cmd' : 'Ctrl'}+${index + 1}` : null
}
