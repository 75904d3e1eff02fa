import { z } from 'zod'

export const ACCOUNT_NAME_MAX_LENGTH = 60

/**
 * An account's name, as a person types it and as `--account NAME` and `?account=NAME` name it:
 * one line of visible text, unique among the accounts regardless of case (see sameAccountName).
 */
export const accountNameSchema = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(ACCOUNT_NAME_MAX_LENGTH, `is longer than ${ACCOUNT_NAME_MAX_LENGTH} characters`)
  // NUL and the other control characters: a name is one line of text in a menu and a title.
  .refine((name) => !/\p{Cc}/u.test(name), 'holds a control character')

/** Names are compared as a person reads them: "Acme" and "acme" are one account. */
export function sameAccountName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en')
}

/** The most accounts Ctrl+1 … Ctrl+9 can reach; more can be added and chosen in the switcher. */
export const SWITCHER_SHORTCUTS = 9

export type AccountSyncPhase = 'idle' | 'running' | 'cancelling'

/** One account as the switcher and Settings show it: never its key. */
export interface AccountSummary {
  id: string
  name: string
  baseUrl: string
  current: boolean
  /** Whether a key is saved (keychain or this session) for it. */
  keySet: boolean
  /** The key's last four characters, to tell keys apart. */
  keyLastFour: string | null
  /** The archive's file, which is kept when the account is removed unless asked otherwise. */
  archivePath: string
  sync: {
    phase: AccountSyncPhase
    lastSyncAt: string | null
    /** Why the last sync failed, in a sentence; null after a success. */
    lastError: string | null
  }
}

/** Where a conversation of a lookup across every account comes from. */
export interface AccountLabel {
  id: string
  name: string
}
