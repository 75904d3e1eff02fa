import type { AppState, InAccount } from '../../../shared/ipc/contract'
import { openAccountList } from '../accounts/accountList'
import { DEFAULT_BASE_URL, type ApiClientOptions } from '../api/client'
import type { SecretStore } from '../secrets/secretStore'
import { readSettings, writeSettings, type StoredSettings } from '../settings/settingsFile'
import { createAccountRegistry } from './accountRegistry'
import type { AccountRuntime } from './accountRuntime'
import type { EventSink } from './eventSink'
import { buildHandlerTable, type Implementations, type IpcHandlerTable } from './handlerTable'
import { createExportHandlers } from './exportHandlers'
import { createQueryHandlers } from './queryHandlers'

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
  const accountList = openAccountList(deps.userDataDir, settings.baseUrl)
  accountList.save()
  const accounts = createAccountRegistry({
    accounts: accountList,
    userDataDir: deps.userDataDir,
    singleArchivePath: deps.archivePathFor,
    defaultBaseUrl,
    runtime: {
      secretStore: deps.secretStore,
      settings: () => settings,
      fetch: deps.fetch,
      clientOptions: deps.clientOptions,
      readerEntry: deps.readerEntry,
      writerEntry: deps.writerEntry,
      chooseSavePath: deps.chooseSavePath
    },
    emit: deps.emit
  })
  const current = (): AccountRuntime => accounts.current()
  const inAccount = (input: InAccount): AccountRuntime => accounts.runtimeOf(input.accountId)

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
      accounts: await accounts.summaries(),
      ...state,
      settings: {
        baseUrl: accountList.current().baseUrl,
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
      await accounts.publish()
      return status
    },

    async removeApiKey() {
      const status = await current().removeApiKey()
      await accounts.publish()
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
      await Promise.all(accounts.all().map((runtime) => runtime.settingsChanged()))
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
      await accounts.add(input)
      return appState()
    },

    renameAccount: (input) => accounts.rename(input.id, input.name),

    async removeAccount(input) {
      await accounts.remove(input.id, input.deleteArchive)
      return appState()
    },

    async switchAccount(input) {
      await accounts.choose(input.id)
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
    getCustomer: (input) => accounts.customer(input.phone, input.allAccounts ?? false),
    ...transcriptHandlers,
    ...exports.implementations
  })

  return {
    ...table,
    async syncAtLaunch() {
      await Promise.all(accounts.all().map((runtime) => runtime.syncAtLaunch()))
    },
    readStoredSettings: () => settings,
    saveWindowBounds(bounds) {
      saveSettings({ ...settings, windowBounds: bounds })
    },
    async dispose() {
      await exports.dispose()
      await accounts.dispose()
    }
  }
}

/** The fields given: an update leaves out what it does not change, and null is a value. */
function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined)
  ) as Partial<T>
}
