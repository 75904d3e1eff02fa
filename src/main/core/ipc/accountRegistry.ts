import type { AddAccountInput, SyncStatus } from '../../../shared/ipc/contract'
import type { AccountSummary } from '../../../shared/model/account'
import type { CustomerLookup } from '../../../shared/model/customer'
import type { AccountList } from '../accounts/accountList'
import { archivePathOf } from '../accounts/accountPlaces'
import type { StoredAccount } from '../accounts/accountsFile'
import { deleteAccountArchive } from '../accounts/deleteAccountArchive'
import { lookupAcrossAccounts } from '../accounts/lookupAcrossAccounts'
import { createPacerRegistry } from '../api/pacerRegistry'
import {
  createAccountRuntime,
  type AccountRuntime,
  type AccountRuntimeDeps
} from './accountRuntime'
import type { EventSink } from './eventSink'
import { IpcFailure, toIpcError } from './toIpcError'

/** What every account's runtime shares: the process's key store, settings, threads, client. */
export type SharedRuntimeDeps = Omit<
  AccountRuntimeDeps,
  'account' | 'saveBaseUrl' | 'archivePathFor' | 'pacers' | 'emit'
>

export interface AccountRegistryDeps {
  accounts: AccountList
  userDataDir: string
  /** The first (single) account's archive for a base URL, when pinned (the harness, the demo). */
  singleArchivePath?: (baseUrl: string) => string
  /** The default API of an account added without one. */
  defaultBaseUrl: string
  runtime: SharedRuntimeDeps
  emit: EventSink
}

export interface AccountRegistry {
  /** The account the window shows. */
  current(): AccountRuntime
  /** An account's runtime by id; an 'invalid-input' sentence when there is no such account. */
  runtimeOf(id: string | undefined): AccountRuntime
  all(): AccountRuntime[]
  summaries(): Promise<AccountSummary[]>
  /** Checks the key against the API first: an account whose key is refused is not kept. */
  add(input: AddAccountInput): Promise<void>
  rename(id: string, name: string): Promise<AccountSummary[]>
  /** Removes its key and, if asked, its archive; the only account cannot be removed. */
  remove(id: string, deleteArchive: boolean): Promise<void>
  choose(id: string): Promise<void>
  /** Tells the window the accounts' names and sync states (the switcher). */
  publish(): Promise<void>
  customer(phone: string, allAccounts: boolean): Promise<CustomerLookup>
  dispose(): Promise<void>
}

/**
 * The account registry: one runtime per account (its key, archive, writer, readers, sync,
 * schedule and backfill), started with the app so every account's refresh runs, and one pacer
 * per API key across them all. The window sees the current account's events; every account's
 * sync moving on updates the switcher.
 */
export function createAccountRegistry(deps: AccountRegistryDeps): AccountRegistry {
  const { accounts } = deps
  // One budget per key for the whole process: the list sync, the backfill and a transcript
  // opened by hand all spend it, in every account that uses the key.
  const pacers = createPacerRegistry()
  const runtimes = new Map<string, AccountRuntime>()
  const published = new Map<string, string>()

  function archivePathFor(account: StoredAccount, baseUrl: string): string {
    if (account.layout === 'single' && deps.singleArchivePath) {
      return deps.singleArchivePath(baseUrl)
    }
    return archivePathOf({ ...account, baseUrl }, deps.userDataDir)
  }

  function runtimeFor(id: string): AccountRuntime {
    const existing = runtimes.get(id)
    if (existing) return existing
    accounts.byId(id)
    const runtime = createAccountRuntime({
      ...deps.runtime,
      account: () => accounts.byId(id),
      saveBaseUrl: (baseUrl) => accounts.setBaseUrl(id, baseUrl),
      archivePathFor: (baseUrl) => archivePathFor(accounts.byId(id), baseUrl),
      pacers,
      emit: (...args) => {
        // The window shows one account: the others' events only move the switcher, except
        // the fetch of a transcript it opened from a customer looked up across accounts.
        if (id === accounts.current().id) deps.emit(...args)
        else if (args[0] === 'transcriptFetch') deps.emit(args[0], { ...args[1], accountId: id })
        if (args[0] === 'syncStatus') syncChanged(id, args[1])
      }
    })
    runtimes.set(id, runtime)
    return runtime
  }

  /**
   * A runtime for each account the list has now: the CLI may have added or removed one while
   * the app runs. One added there starts as it would at launch; one removed there stops.
   */
  function live(): AccountRuntime[] {
    const listed = accounts.all()
    const ids = new Set(listed.map((account) => account.id))
    for (const id of runtimes.keys()) {
      if (!ids.has(id)) void forget(id).catch((error: unknown) => console.error(error))
    }
    return listed.map((account) => {
      if (runtimes.has(account.id)) return runtimeFor(account.id)
      const added = runtimeFor(account.id)
      void added.syncAtLaunch()
      return added
    })
  }

  async function summaries(): Promise<AccountSummary[]> {
    const currentId = accounts.current().id
    return Promise.all(live().map((runtime) => runtime.summary(runtime.id === currentId)))
  }

  async function publish(): Promise<void> {
    deps.emit('accounts', await summaries())
  }

  /** A sync began or ended somewhere: the switcher shows each account's state. */
  function syncChanged(id: string, status: SyncStatus): void {
    const seen = `${status.phase} ${status.lastSyncAt ?? ''} ${status.lastError?.code ?? ''}`
    if (published.get(id) === seen) return
    published.set(id, seen)
    void publish().catch((error: unknown) => console.error('Accounts event:', error))
  }

  async function forget(id: string): Promise<void> {
    await runtimes.get(id)?.dispose()
    runtimes.delete(id)
    published.delete(id)
  }

  for (const account of accounts.all()) runtimeFor(account.id)

  return {
    current: () => runtimeFor(accounts.current().id),
    runtimeOf: (id) => runtimeFor(id ?? accounts.current().id),
    all: live,
    summaries,
    publish,

    async add(input) {
      const account = accounts.add({
        name: input.name,
        baseUrl: input.baseUrl ?? deps.defaultBaseUrl
      })
      try {
        await runtimeFor(account.id).saveApiKey({
          apiKey: input.apiKey,
          sessionOnly: input.sessionOnly
        })
      } catch (error) {
        await forget(account.id)
        accounts.remove(account.id)
        throw error
      }
      accounts.choose(account.id)
      await publish()
    },

    async rename(id, name) {
      accounts.rename(id, name)
      const list = await summaries()
      deps.emit('accounts', list)
      return list
    },

    async remove(id, deleteArchive) {
      const account = accounts.byId(id)
      if (accounts.all().length === 1) {
        throw new IpcFailure({
          code: 'invalid-input',
          message: 'The only account cannot be removed: remove its key in Settings instead.'
        })
      }
      await runtimeFor(id).removeApiKey()
      await forget(id)
      accounts.remove(id)
      if (deleteArchive) {
        deleteAccountArchive(account, archivePathFor(account, account.baseUrl), deps.userDataDir)
      }
      await publish()
    },

    async choose(id) {
      accounts.choose(id)
      await publish()
    },

    async customer(phone, allAccounts) {
      if (!allAccounts || accounts.all().length === 1) {
        const overview = await (await runtimeFor(accounts.current().id).reader()).customer(phone)
        return { ...overview, accounts: null, unanswered: [] }
      }
      const sources = accounts.all().map((account) => ({
        account: { id: account.id, name: account.name },
        customer: async (number: string) => (await runtimeFor(account.id).reader()).customer(number)
      }))
      return lookupAcrossAccounts(phone, sources, (error) => toIpcError(error).message)
    },

    async dispose() {
      await Promise.all([...runtimes.values()].map((runtime) => runtime.dispose()))
    }
  }
}
