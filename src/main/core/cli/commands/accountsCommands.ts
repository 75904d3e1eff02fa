import { existsSync, rmSync } from 'node:fs'
import { sameAccountName } from '../../../../shared/model/account'
import { AccountError } from '../../accounts/accountList'
import { archivePathOf, keyEntryOf } from '../../accounts/accountPlaces'
import { accountsPath, type StoredAccount } from '../../accounts/accountsFile'
import { deleteAccountArchive } from '../../accounts/deleteAccountArchive'
import { checkBaseUrl, DEFAULT_BASE_URL } from '../../api/baseUrl'
import { createApiClient } from '../../api/client'
import { createRatePacer } from '../../api/ratePacer'
import { CoreError, describeError } from '../../errors'
import { createKeytarSecretStore } from '../../secrets/keytarSecretStore'
import { openCliAccounts, type CliEnvironment } from '../cliContext'
import { formatAccountList, type AccountRow } from '../formatText'
import type { ParsedCommand } from '../parseCommandLine'
import { progressReporter } from '../progressReporter'
import { withArchive } from '../readArchive'
import { readKeyInput } from '../readKeyInput'

type Command<N extends ParsedCommand['name']> = Extract<ParsedCommand, { name: N }>

/** A failure that left the list as it was: the cause's sentence and exit code, and what it means. */
class AccountNotAddedError extends CoreError {
  constructor(
    override readonly exitCode: number,
    message: string,
    options: { cause: unknown }
  ) {
    super(message, options)
  }
}

function notAdded(error: unknown, name: string): unknown {
  if (!(error instanceof CoreError)) return error
  return new AccountNotAddedError(
    error.exitCode,
    `${error.message} The account "${name}" was not added.`,
    { cause: error }
  )
}

/** An account's archive as the list shows it: never synced is 0 and never, unreadable says why. */
function accountRow(account: StoredAccount, isDefault: boolean, userDataDir: string): AccountRow {
  const archivePath = archivePathOf(account, userDataDir)
  const row = { name: account.name, isDefault, baseUrl: account.baseUrl, archivePath }
  if (!existsSync(archivePath)) {
    return { ...row, conversations: 0, lastSyncAt: null, problem: null }
  }
  try {
    return withArchive(archivePath, (archive) => ({
      ...row,
      conversations: archive.counts().total,
      lastSyncAt: archive.syncHistory().lastSyncAt,
      problem: null
    }))
  } catch (error) {
    // One account's file must not hide the others: its row says what is wrong with it.
    return { ...row, conversations: null, lastSyncAt: null, problem: describeError(error) }
  }
}

/** `accounts`: every account, the default (first) one marked. Reads; never writes the list. */
export function runAccountsCommand(command: Command<'accounts'>, context: CliEnvironment): void {
  const { userDataDir, list } = openCliAccounts(context.env)
  const rows = list.all().map((account, i) => accountRow(account, i === 0, userDataDir))
  if (!command.json) {
    context.stdout.write(`${formatAccountList(rows)}\n`)
    return
  }
  const json = rows.map((row) => ({
    name: row.name,
    default: row.isDefault,
    base_url: row.baseUrl,
    archive: row.archivePath,
    conversations: row.conversations,
    last_sync_at: row.lastSyncAt,
    error: row.problem
  }))
  context.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
}

/**
 * `accounts add NAME`: the key is checked with the API before the account exists, and the
 * account only stays when the keychain took its key, so a failure leaves things as they were.
 */
export async function runAccountsAddCommand(
  command: Command<'accounts add'>,
  context: CliEnvironment,
  signal: AbortSignal
): Promise<void> {
  const name = command.accountName
  const { userDataDir, list } = openCliAccounts(context.env)
  const taken = list.all().find((account) => sameAccountName(account.name, name))
  if (taken) throw new AccountError(`An account named "${taken.name}" already exists.`)
  const baseUrl = checkBaseUrl(
    command.baseUrl ?? context.env['AUTOCALLS_BASE_URL'] ?? DEFAULT_BASE_URL
  )
  const apiKey = await readKeyInput(context, name)

  const report = progressReporter(context.stderr)
  try {
    const client = createApiClient({
      apiKey,
      baseUrl,
      pacer: createRatePacer(),
      // As the app checks a key: one retry, then the person hears why.
      maxAttempts: 2,
      onRetry: (notice) =>
        report(`retrying in ${(notice.delayMs / 1000).toFixed(1)} s (${notice.reason})`, true)
    })
    await client.checkKey({ signal })
  } catch (error) {
    throw notAdded(error, name)
  }

  // Before accounts.json exists the list is the single account in memory: adding writes both.
  const hadFile = existsSync(accountsPath(userDataDir))
  const account = list.add({ name, baseUrl })
  try {
    await (context.secretStore ?? createKeytarSecretStore()).set(keyEntryOf(account), apiKey)
  } catch (error) {
    list.remove(account.id)
    if (!hadFile) rmSync(accountsPath(userDataDir), { force: true })
    throw notAdded(error, name)
  }
  context.stdout.write(
    `Added the account "${account.name}" (${baseUrl}); its key is in the keychain. ` +
      `Its archive will be ${archivePathOf(account, userDataDir)}: fill it with ` +
      `sync --account "${account.name}".\n`
  )
}

/**
 * `accounts remove NAME`: the account and its key go; its archive stays unless
 * --delete-archive. The list changes first, so a keychain failure cannot leave an account
 * without its key behind; that failure is then said, with the entry to remove by hand.
 */
export async function runAccountsRemoveCommand(
  command: Command<'accounts remove'>,
  context: CliEnvironment
): Promise<void> {
  const { userDataDir, list } = openCliAccounts(context.env)
  const account = list.byName(command.accountName)
  if (list.all().length === 1) {
    throw new AccountError(
      `"${account.name}" is the only account, and the only account cannot be removed.`
    )
  }
  const archivePath = archivePathOf(account, userDataDir)
  const keyEntry = keyEntryOf(account)
  list.remove(account.id)
  let keyProblem: string | null = null
  let keyDeleted = false
  try {
    keyDeleted = await (context.secretStore ?? createKeytarSecretStore()).delete(keyEntry)
  } catch (error) {
    keyProblem = describeError(error)
  }
  if (command.deleteArchive) deleteAccountArchive(account, archivePath, userDataDir)
  const archive = command.deleteArchive
    ? `its archive ${archivePath} was deleted`
    : `its archive is kept at ${archivePath}`
  const key = keyDeleted ? 'its key was deleted from the keychain' : 'it had no key saved'
  if (keyProblem !== null) {
    throw new CoreError(
      `The account "${account.name}" was removed and ${archive}, but its key could not be ` +
        `deleted from the keychain (entry "${keyEntry}"): ${keyProblem}`
    )
  }
  context.stdout.write(`Removed the account "${account.name}": ${key}; ${archive}.\n`)
}
