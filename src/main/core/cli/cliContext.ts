import { join } from 'node:path'
import { openAccountList, type AccountList } from '../accounts/accountList'
import { archivePathOf, keyEntryOf } from '../accounts/accountPlaces'
import type { StoredAccount } from '../accounts/accountsFile'
import { checkBaseUrl, DEFAULT_BASE_URL } from '../api/baseUrl'
import { UsageError } from '../errors'
import { APP_NAME, appDataFolder } from '../paths'
import { createKeytarSecretStore } from '../secrets/keytarSecretStore'
import type { SecretStore } from '../secrets/secretStore'
import { readSettings } from '../settings/settingsFile'

export interface CliEnvironment {
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  /** Where `accounts add` reads the key when $AUTOCALLS_API_KEY holds none. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean }
  /** The keychain the app saves the key in; injectable for tests. */
  secretStore?: SecretStore
}

export interface CommonFlags {
  'base-url'?: string
  db?: string
  account?: string
}

/** The app's user-data folder, found as the app finds it ($XDG_CONFIG_HOME, %APPDATA% move it). */
export function userDataDirOf(env: NodeJS.ProcessEnv): string {
  return join(appDataFolder(process.platform, env), APP_NAME)
}

export interface CliAccounts {
  userDataDir: string
  list: AccountList
}

/**
 * The app's accounts. Without an accounts file this is the single account the app would upgrade
 * (the API its settings name); the CLI only writes the file when a command changes the list.
 */
export function openCliAccounts(env: NodeJS.ProcessEnv): CliAccounts {
  const userDataDir = userDataDirOf(env)
  const single = readSettings(userDataDir, DEFAULT_BASE_URL).baseUrl
  return { userDataDir, list: openAccountList(userDataDir, single) }
}

/** The default account of every command: the first in the list (not the app's current one). */
export function firstAccount(list: AccountList): StoredAccount {
  const [first] = list.all()
  if (!first) throw new Error('The account list is never empty.')
  return first
}

/** What a command works on: one account's API, key and archive, each of which a flag can replace. */
export interface CliTarget {
  baseUrl(): string
  archivePath(): string
  /** $AUTOCALLS_API_KEY, else the account's keychain entry. */
  apiKey(): Promise<string>
}

/**
 * The account `--account NAME` names (an unknown name is refused here, before anything is read
 * or asked), else the first. The base URL is --base-url, else, without --account,
 * $AUTOCALLS_BASE_URL, else the account's. The list is only read when a flag leaves it a
 * question, so `--db FILE --base-url URL` works without the app's folder.
 */
export function resolveTarget(flags: CommonFlags, context: CliEnvironment): CliTarget {
  let accounts: CliAccounts | null = null
  const open = (): CliAccounts => (accounts ??= openCliAccounts(context.env))
  const named = flags.account === undefined ? null : open().list.byName(flags.account)
  const account = (): StoredAccount => named ?? firstAccount(open().list)
  let baseUrl: string | null = null
  const resolveBaseUrl = (): string =>
    (baseUrl ??= checkBaseUrl(
      flags['base-url'] ??
        (named ? named.baseUrl : (context.env['AUTOCALLS_BASE_URL'] ?? account().baseUrl))
    ))
  // An account used with another API keeps its own places there, as in the app.
  const placed = (): StoredAccount => ({ ...account(), baseUrl: resolveBaseUrl() })
  return {
    baseUrl: resolveBaseUrl,
    archivePath: () => flags.db ?? archivePathOf(placed(), open().userDataDir),
    async apiKey() {
      // Before the list is read: with --db and --base-url too, the app's folder is not needed.
      const fromEnv = context.env['AUTOCALLS_API_KEY']?.trim()
      return fromEnv || keychainKey(placed(), context)
    }
  }
}

/** The key the app (or `accounts add`) saved in the account's keychain entry. */
async function keychainKey(account: StoredAccount, context: CliEnvironment): Promise<string> {
  const store = context.secretStore ?? createKeytarSecretStore()
  let saved: string | null = null
  try {
    saved = await store.get(keyEntryOf(account))
  } catch {
    // No keychain on this machine: the environment variable is the way, as the error says.
  }
  if (saved) return saved
  // The single account is named after its host: the address says it all.
  const whose =
    account.layout === 'single'
      ? account.baseUrl
      : `the account "${account.name}" (${account.baseUrl})`
  throw new UsageError(
    `No API key for ${whose}: set AUTOCALLS_API_KEY, or save the key in the Conversation Browser app.`
  )
}
