import { join } from 'node:path'
import { archiveFileName, defaultArchivePath } from '../paths'
import { apiKeyAccount } from '../secrets/secretStore'
import type { StoredAccount } from './accountsFile'

/**
 * The keychain entry holding an account's key. The single account keeps today's entry (the
 * API's origin); every other account's entry also names the account, so two keys on one host
 * never overwrite each other.
 */
export function keyEntryOf(account: Pick<StoredAccount, 'id' | 'baseUrl' | 'layout'>): string {
  const origin = apiKeyAccount(account.baseUrl)
  return account.layout === 'single' ? origin : `${origin} account ${account.id}`
}

/** The folder of an account's own archives: one file per API host it has used. */
export function accountArchiveFolder(userDataDir: string, accountId: string): string {
  return join(userDataDir, 'archives', 'accounts', accountId)
}

/**
 * An account's archive file. The single account keeps today's file per API host; every other
 * account has a folder of its own, so two accounts on one host never share a file.
 */
export function archivePathOf(
  account: Pick<StoredAccount, 'id' | 'baseUrl' | 'layout'>,
  userDataDir: string
): string {
  if (account.layout === 'single') return defaultArchivePath(account.baseUrl, userDataDir)
  return join(accountArchiveFolder(userDataDir, account.id), archiveFileName(account.baseUrl))
}
