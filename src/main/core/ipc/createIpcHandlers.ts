import type { AppState, KeyStatus, SyncStatus } from '../../../shared/ipc/contract'
import { createApiClient, DEFAULT_BASE_URL, type ApiClientOptions } from '../api/client'
import { createPacerRegistry } from '../api/pacerRegistry'
import { AuthError } from '../errors'
import { defaultArchivePath } from '../paths'
import type { SecretStore } from '../secrets/secretStore'
import { readSettings, writeSettings, type StoredSettings } from '../settings/settingsFile'
import { createArchiveSession } from './archiveSession'
import type { EventSink } from './eventSink'
import { buildHandlerTable, type Implementations, type IpcHandlerTable } from './handlerTable'
import { createExportHandlers } from './exportHandlers'
import { createKeyManager } from './keyManager'
import { createQueryHandlers } from './queryHandlers'
import { createSyncController } from './syncController'
import { IpcFailure, MESSAGES } from './toIpcError'
import { createTranscriptHandlers } from './transcriptHandlers'

export { COUNT_CAP } from './queryHandlers'
export type { IpcHandlerTable } from './handlerTable'

export const API_KEY_HELP_URL = 'https://app.autocalls.ai'

export interface IpcHandlerDeps {
  userDataDir: string
  secretStore: SecretStore
  /** Electron hands in net.fetch, so the system's proxy and certificates apply. */
  fetch?: typeof fetch
  /** Where the archive for a base URL lives; the harness pins one file. */
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
  /** A quick sync if a key is set: the app calls it at launch. */
  syncAtLaunch(): Promise<void>
  /** Window bounds live in the same settings file; the shell reads and writes them here. */
  readStoredSettings(): StoredSettings
  saveWindowBounds(bounds: StoredSettings['windowBounds']): void
  /** Stops the schedule, cancels a running sync and the transcript work, and closes the archive. */
  dispose(): Promise<void>
}

/**
 * The IPC handler table, free of Electron: main registers it with ipcMain, the browser harness
 * serves it over HTTP. Every handler validates its input, never throws, and answers an IpcResult.
 */
export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  const defaultBaseUrl = deps.defaultBaseUrl ?? DEFAULT_BASE_URL
  const pathFor =
    deps.archivePathFor ?? ((url: string) => defaultArchivePath(url, deps.userDataDir))
  let settings = readSettings(deps.userDataDir, defaultBaseUrl)
  const archives = createArchiveSession({
    pathFor,
    readerEntry: deps.readerEntry,
    writerEntry: deps.writerEntry
  })
  const keys = createKeyManager(deps.secretStore)
  // One budget per key for the whole process: the list sync, the backfill and a transcript
  // opened by hand all spend it, so together they stay under the server's throttle.
  const pacers = createPacerRegistry()
  let timer: ReturnType<typeof setTimeout> | null = null
  let disposed = false

  const sync = createSyncController({
    onStatus: (status) => deps.emit('syncStatus', status),
    onEnded: (succeeded) => {
      if (succeeded) transcripts.afterSync()
      void schedule()
    }
  })

  function client(apiKey: string, baseUrl: string, overrides: { maxAttempts?: number } = {}) {
    return createApiClient({
      ...deps.clientOptions,
      ...overrides,
      apiKey,
      baseUrl,
      fetch: deps.fetch,
      pacer: pacers.pacerFor(baseUrl, apiKey)
    })
  }

  const transcripts = createTranscriptHandlers({
    archives,
    baseUrl: () => settings.baseUrl,
    apiKey: (baseUrl) => keys.read(baseUrl),
    client,
    pacer: (apiKey, baseUrl) => pacers.pacerFor(baseUrl, apiKey),
    settings: () => settings,
    emit: deps.emit,
    chooseSavePath: deps.chooseSavePath
  })

  const exports = createExportHandlers({
    archiveFile: async () => (await archives.open(settings.baseUrl)).file,
    chooseSavePath: deps.chooseSavePath,
    emit: deps.emit,
    exportEntry: deps.exportEntry
  })

  async function schedule(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = null
    const minutes = settings.syncIntervalMinutes
    if (disposed || minutes === 0 || !(await keys.read(settings.baseUrl))) {
      sync.setNextSyncAt(null)
      return
    }
    const delayMs = minutes * 60_000
    timer = setTimeout(() => void startSync('quick').catch(logScheduled), delayMs)
    // A pending refresh must not keep a test process or the harness alive.
    timer.unref?.()
    sync.setNextSyncAt(new Date(Date.now() + delayMs).toISOString())
  }

  async function startSync(mode: 'full' | 'quick'): Promise<SyncStatus> {
    if (sync.status().phase !== 'idle') return sync.status()
    const apiKey = await keys.read(settings.baseUrl)
    if (!apiKey) throw new IpcFailure({ code: 'no-key', message: MESSAGES.noKey })
    const archive = await archives.open(settings.baseUrl)
    // The archive's one writer, which the backfill writes through too: the sync leaves it open.
    const writer = archives.writer(settings.baseUrl)
    return sync.start(mode, archive, client(apiKey, settings.baseUrl), writer)
  }

  function saveSettings(next: StoredSettings): void {
    writeSettings(deps.userDataDir, next)
    settings = next
  }

  async function switchBaseUrl(baseUrl: string): Promise<void> {
    if (baseUrl === settings.baseUrl) return
    await sync.cancel()
    // The old account's transcript work ends before anything can open the new archive.
    await transcripts.accountChanged(baseUrl)
    saveSettings({ ...settings, baseUrl })
  }

  // Before this run's first sync, the last one is whatever the archive remembers: a sync by the
  // CLI or by an earlier run of the app.
  async function withArchiveHistory(status: SyncStatus): Promise<SyncStatus> {
    if (status.lastSyncAt !== null) return status
    const archive = await archives.open(settings.baseUrl)
    return { ...status, lastSyncAt: archive.syncHistory().lastSyncAt }
  }

  async function appState(): Promise<AppState> {
    const key = await keys.status(settings.baseUrl)
    return {
      key,
      keychainAvailable: keys.keychainAvailable,
      settings: {
        baseUrl: settings.baseUrl,
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
      archive: await archives.info(settings.baseUrl),
      sync: await withArchiveHistory(sync.status()),
      backfill: transcripts.backfillStatus(),
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
  > = {
    getAppState: () => appState(),

    async saveApiKey(input) {
      const baseUrl = input.baseUrl ?? settings.baseUrl
      try {
        await client(input.apiKey, baseUrl, { maxAttempts: 2 }).checkKey()
      } catch (error) {
        if (!(error instanceof AuthError)) throw error
        throw new IpcFailure({
          code: 'auth',
          message:
            'The API refused this API key: check that it is copied in full from your autocalls.ai account.'
        })
      }
      if (input.sessionOnly) keys.saveForSession(baseUrl, input.apiKey)
      else await keys.saveInKeychain(baseUrl, input.apiKey)
      await switchBaseUrl(baseUrl)
      const status: KeyStatus = await keys.status(baseUrl)
      await startSync('full').catch((error: unknown) =>
        console.error('Sync after saving the key:', error)
      )
      await schedule()
      return status
    },

    async removeApiKey() {
      await sync.cancel()
      await keys.remove(settings.baseUrl)
      await transcripts.accountChanged(settings.baseUrl)
      await schedule()
      return keys.status(settings.baseUrl)
    },

    async updateSettings(input) {
      if (input.baseUrl !== undefined) await switchBaseUrl(input.baseUrl)
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
      await transcripts.settingsChanged()
      await schedule()
      return appState()
    },

    startSync: (input) => startSync(input.mode),
    cancelSync: () => sync.cancel(),

    async revealArchive() {
      deps.revealPath?.((await archives.open(settings.baseUrl)).file)
    },

    async startNewArchive() {
      if (sync.status().phase !== 'idle') {
        throw new IpcFailure({ code: 'archive', message: 'Wait for the sync to end first.' })
      }
      return { keptAs: await archives.setAside(settings.baseUrl) }
    }
  }

  const table = buildHandlerTable({
    ...accountHandlers,
    ...createQueryHandlers(
      () => archives.reader(settings.baseUrl),
      () => archives.analyticReader(settings.baseUrl)
    ),
    ...transcripts.implementations,
    ...exports.implementations
  })

  return {
    ...table,
    async syncAtLaunch() {
      if (!(await keys.read(settings.baseUrl))) return
      await startSync('quick').catch(logScheduled)
      await schedule()
    },
    readStoredSettings: () => settings,
    saveWindowBounds(bounds) {
      saveSettings({ ...settings, windowBounds: bounds })
    },
    async dispose() {
      disposed = true
      if (timer) clearTimeout(timer)
      timer = null
      await sync.cancel()
      await transcripts.dispose()
      await exports.dispose()
      await archives.close()
    }
  }
}

/** The fields given: an update leaves out what it does not change, and null is a value. */
function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined)
  ) as Partial<T>
}

function logScheduled(error: unknown): void {
  console.error('Scheduled sync did not start:', error)
}
