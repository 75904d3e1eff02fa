import type { AppState, InAccount, SyncStatus } from '../../../shared/ipc/contract'
import type { AccountSummary } from '../../../shared/model/account'
import { openAccountList } from '../accounts/accountList'
import { archivePathOf } from '../accounts/accountPlaces'
import type { StoredAccount } from '../accounts/accountsFile'
import { deleteAccountArchive } from '../accounts/deleteAccountArchive'
import { lookupAcrossAccounts } from '../accounts/lookupAcrossAccounts'
import { DEFAULT_BASE_URL, type ApiClientOptions } from '../api/client'
import { createPacerRegistry } from '../api/pacerRegistry'
import type { SecretStore } from '../secrets/secretStore'
import { readSettings, writeSettings, type StoredSettings } from '../settings/settingsFile'
import { createAccountRuntime, type AccountRuntime } from './accountRuntime'
import type { EventSink } from './eventSink'
import { buildHandlerTable, type Implementations, type IpcHandlerTable } from './handlerTable'
import { createExportHandlers } from './exportHandlers'
import { createQueryHandlers } from './queryHandlers'
import { IpcFailure, toIpcError } from './toIpcError'

export { COUNT_CAP } from './queryHandlers'
export type { IpcHandlerTable } from './handlerTable'

export const API_KEY_HELP_URL = 'https://app.autocalls.ai'

export interface IpcHandlerDeps {
  userDataDir: string
  secretStore: SecretStore
  /** Electron hands in net.fetch, so the system's proxy and certificates apply. */
  fetch?: typeof fetch
  /**
   * Where the first (single) account's archive for a base URL lives; the harness and the demo
   * pin one file. Accounts added later always have folders of their own.
   */
  archivePathFor?: (baseUrl: string) => string
  revealPath?: (path: string) => void
  demo?: boolean
  defaultBaseUrl?: string
  appVersion?: string
  platform?: string
  /**
   * The writer thread's program (see ArchiveSessionOptions): the app's bundle of writerWorker.ts.
   * The open archive's one writer runs it, and the list sync and the transcript backfill both
   * write through that writer, so their writes never hold up the window's searches nor contend
   * with each other for the file. Without it they run on this thread.
   */
  writerEntry?: string
  /** The reader thread's program (see ArchiveSessionOptions): the app's bundle of readerWorker.ts. */
  readerEntry?: string
  /**
   * The export thread's program: the app's bundle of export/exportWorker.ts. Each export reads
   * the archive on a connection of its own there, so the window's searches never wait for it.
   * Without it an export runs on this thread, a page at a time.
   */
  exportEntry?: string
  /** Client tuning (retries, timeouts) for tests; the pacer is always the key's shared one. */
  clientOptions?: Partial<Omit<ApiClientOptions, 'apiKey' | 'baseUrl' | 'fetch' | 'pacer'>>
  /** Every event for the window (sync status, backfill status, transcript fetches). */
  emit: EventSink
  /**
   * Asks where to save a file, offering this name; null when the person cancelled. The app
   * shows a save dialog; without it, saving a transcript answers the error code 'file'.
   */
  chooseSavePath?: (defaultName: string) => Promise<string | null>
  /**
   * The shell: it registers the quick lookup's global shortcut and keeps the tray, so it hears
   * each change of the settings and says whether the system took the shortcut. Without it (the
   * harness, tests) no shortcut is registered and its status says so with null.
   */
  shell?: ShellHooks
}

export interface ShellHooks {
  settingsChanged(settings: StoredSettings): void
  /** Whether the system accepted the shortcut last asked for. */
  shortcutRegistered(): boolean
}

export interface IpcHandlers extends IpcHandlerTable {
  /** A quick sync of every account with a key: the app calls it at launch. */
  syncAtLaunch(): Promise<void>
  /** Window bounds live in the same settings file; the shell reads and writes them here. */
  readStoredSettings(): StoredSettings
  saveWindowBounds(bounds: StoredSettings['windowBounds']): void
  /** Stops every account's schedule, sync and transcript work, and closes their archives. */
  dispose(): Promise<void>
}

/**
 * The IPC handler table, free of Electron: main registers it with ipcMain, the browser harness
 * serves it over HTTP. Every handler validates its input, never throws, and answers an IpcResult.
 */
export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  const defaultBaseUrl = deps.defaultBaseUrl ?? DEFAULT_BASE_URL
  let settings = readSettings(deps.userDataDir, defaultBaseUrl)
  // Before accounts, the settings named the one API: that setup becomes the first account.
  const accounts = openAccountList(deps.userDataDir, settings.baseUrl)
  accounts.save()
  // One budget per key for the whole process: the list sync, the backfill and a transcript
  // opened by hand all spend it, in every account that uses the key.
  const pacers = createPacerRegistry()
  const runtimes = new Map<string, AccountRuntime>()
  const published = new Map<string, string>()

  function archivePathFor(account: StoredAccount, baseUrl: string): string {
    if (account.layout === 'single' && deps.archivePathFor) return deps.archivePathFor(baseUrl)
    return archivePathOf({ ...account, baseUrl }, deps.userDataDir)
  }

  function runtimeFor(id: string): AccountRuntime {
    const existing = runtimes.get(id)
    if (existing) return existing
    accounts.byId(id)
    const runtime = createAccountRuntime({
      account: () => accounts.byId(id),
      saveBaseUrl: (baseUrl) => accounts.setBaseUrl(id, baseUrl),
      archivePathFor: (baseUrl) => archivePathFor(accounts.byId(id), baseUrl),
      secretStore: deps.secretStore,
      pacers,
      settings: () => settings,
      fetch: deps.fetch,
      clientOptions: deps.clientOptions,
      readerEntry: deps.readerEntry,
      writerEntry: deps.writerEntry,
      emit: (...args) => {
        // The window shows one account: the others' events only move the switcher.
        if (id === accounts.current().id) deps.emit(...args)
        if (args[0] === 'syncStatus') syncChanged(id, args[1])
      },
      chooseSavePath: deps.chooseSavePath
    })
    runtimes.set(id, runtime)
    return runtime
  }

  const current = (): AccountRuntime => runtimeFor(accounts.current().id)
  const inAccount = (input: InAccount): AccountRuntime =>
    runtimeFor(input.accountId ?? accounts.current().id)

  async function summaries(): Promise<AccountSummary[]> {
    const currentId = accounts.current().id
    return Promise.all(
      accounts.all().map((account) => runtimeFor(account.id).summary(account.id === currentId))
    )
  }

  async function publishAccounts(): Promise<void> {
    deps.emit('accounts', await summaries())
  }

  /** A sync began or ended somewhere: the switcher shows each account's state. */
  function syncChanged(id: string, status: SyncStatus): void {
    const seen = `${status.phase} ${status.lastSyncAt ?? ''} ${status.lastError?.code ?? ''}`
    if (published.get(id) === seen) return
    published.set(id, seen)
    void publishAccounts().catch((error: unknown) => console.error('Accounts event:', error))
  }

  for (const account of accounts.all()) runtimeFor(account.id)

  const exports = createExportHandlers({
    archiveFile: () => current().archiveFile(),
    chooseSavePath: deps.chooseSavePath,
    emit: deps.emit,
    exportEntry: deps.exportEntry
  })

  function saveSettings(next: StoredSettings): void {
    writeSettings(deps.userDataDir, next)
    settings = next
  }

  async function appState(): Promise<AppState> {
    const account = current()
    const state = await account.state()
    return {
      accounts: await summaries(),
      ...state,
      settings: {
        baseUrl: accounts.current().baseUrl,
        syncIntervalMinutes: settings.syncIntervalMinutes,
        transcriptBackfill: settings.transcriptBackfill,
        transcriptBackfillDays: settings.transcriptBackfillDays,
        quickLookupShortcut: settings.quickLookupShortcut,
        defaultCountry: settings.defaultCountry,
        keepInTray: settings.keepInTray
      },
      quickLookup: {
        accelerator: settings.quickLookupShortcut,
        registered:
          settings.quickLookupShortcut === null || !deps.shell
            ? null
            : deps.shell.shortcutRegistered()
      },
      defaultBaseUrl,
      apiKeyHelpUrl: API_KEY_HELP_URL,
      demo: deps.demo ?? false,
      platform: deps.platform ?? process.platform,
      appVersion: deps.appVersion ?? '0.0.0'
    }
  }

  async function removeAccount(id: string, deleteArchive: boolean): Promise<void> {
    const account = accounts.byId(id)
    if (accounts.all().length === 1) {
      throw new IpcFailure({
        code: 'invalid-input',
        message: 'The only account cannot be removed: remove its key in Settings instead.'
      })
    }
    const runtime = runtimeFor(id)
    await runtime.removeApiKey()
    await runtime.dispose()
    runtimes.delete(id)
    published.delete(id)
    accounts.remove(id)
    if (deleteArchive) {
      deleteAccountArchive(account, archivePathFor(account, account.baseUrl), deps.userDataDir)
    }
  }

  const accountHandlers: Implementations<
    | 'getAppState'
    | 'saveApiKey'
    | 'removeApiKey'
    | 'updateSettings'
    | 'startSync'
    | 'cancelSync'
    | 'revealArchive'
    | 'startNewArchive'
    | 'addAccount'
    | 'renameAccount'
    | 'removeAccount'
    | 'switchAccount'
  > = {
    getAppState: () => appState(),

    async saveApiKey(input) {
      const status = await current().saveApiKey(input)
      await publishAccounts()
      return status
    },

    async removeApiKey() {
      const status = await current().removeApiKey()
      await publishAccounts()
      return status
    },

    async updateSettings(input) {
      if (input.baseUrl !== undefined) await current().changeBaseUrl(input.baseUrl)
      const { syncIntervalMinutes, transcriptBackfill, transcriptBackfillDays } = input
      saveSettings({
        ...settings,
        ...definedOnly({
          quickLookupShortcut: input.quickLookupShortcut,
          defaultCountry: input.defaultCountry,
          keepInTray: input.keepInTray
        }),
        syncIntervalMinutes: syncIntervalMinutes ?? settings.syncIntervalMinutes,
        transcriptBackfill: transcriptBackfill ?? settings.transcriptBackfill,
        transcriptBackfillDays:
          transcriptBackfillDays === undefined
            ? settings.transcriptBackfillDays
            : transcriptBackfillDays
      })
      deps.shell?.settingsChanged(settings)
      await Promise.all([...runtimes.values()].map((runtime) => runtime.settingsChanged()))
      return appState()
    },

    startSync: (input) => current().startSync(input.mode),
    cancelSync: () => current().cancelSync(),

    async revealArchive() {
      deps.revealPath?.(await current().archiveFile())
    },

    async startNewArchive() {
      return { keptAs: await current().setArchiveAside() }
    },

    async addAccount(input) {
      const account = accounts.add({ name: input.name, baseUrl: input.baseUrl ?? defaultBaseUrl })
      const runtime = runtimeFor(account.id)
      try {
        // Checks the key first: an account whose key the API refuses is not kept.
        await runtime.saveApiKey({ apiKey: input.apiKey, sessionOnly: input.sessionOnly })
      } catch (error) {
        await runtime.dispose()
        runtimes.delete(account.id)
        accounts.remove(account.id)
        throw error
      }
      accounts.choose(account.id)
      await publishAccounts()
      return appState()
    },

    async renameAccount(input) {
      accounts.rename(input.id, input.name)
      const list = await summaries()
      deps.emit('accounts', list)
      return list
    },

    async removeAccount(input) {
      await removeAccount(input.id, input.deleteArchive)
      await publishAccounts()
      return appState()
    },

    async switchAccount(input) {
      accounts.choose(input.id)
      await publishAccounts()
      return appState()
    }
  }

  const queries = createQueryHandlers(
    () => current().reader(),
    () => current().analyticReader()
  )

  const transcriptHandlers: Implementations<
    'getTranscript' | 'fetchTranscript' | 'pauseBackfill' | 'resumeBackfill' | 'saveTranscript'
  > = {
    getTranscript: (input) => inAccount(input).transcripts.implementations.getTranscript(input),
    fetchTranscript: (input) => inAccount(input).transcripts.implementations.fetchTranscript(input),
    saveTranscript: (input) => inAccount(input).transcripts.implementations.saveTranscript(input),
    pauseBackfill: () => current().transcripts.implementations.pauseBackfill(),
    resumeBackfill: () => current().transcripts.implementations.resumeBackfill()
  }

  const table = buildHandlerTable({
    ...accountHandlers,
    ...queries,
    getConversation: async (input) => (await inAccount(input).reader()).get(input.id),
    async getCustomer(input) {
      if (!input.allAccounts || accounts.all().length === 1) {
        const overview = await (await current().reader()).customer(input.phone)
        return { ...overview, accounts: null, unanswered: [] }
      }
      const sources = accounts.all().map((account) => ({
        account: { id: account.id, name: account.name },
        customer: async (phone: string) => (await runtimeFor(account.id).reader()).customer(phone)
      }))
      return lookupAcrossAccounts(input.phone, sources, (error) => toIpcError(error).message)
    },
    ...transcriptHandlers,
    ...exports.implementations
  })

  return {
    ...table,
    async syncAtLaunch() {
      await Promise.all([...runtimes.values()].map((runtime) => runtime.syncAtLaunch()))
    },
    readStoredSettings: () => settings,
    saveWindowBounds(bounds) {
      saveSettings({ ...settings, windowBounds: bounds })
    },
    async dispose() {
      await exports.dispose()
      await Promise.all([...runtimes.values()].map((runtime) => runtime.dispose()))
    }
  }
}

/** The fields given: an update leaves out what it does not change, and null is a value. */
function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined)
  ) as Partial<T>
}
