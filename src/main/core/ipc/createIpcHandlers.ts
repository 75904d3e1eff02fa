import type {
  AppState,
  InvokeMethod,
  InvokeOutput,
  IpcResult,
  KeyStatus,
  SyncStatus
} from '../../../shared/ipc/contract'
import { createApiClient, DEFAULT_BASE_URL, type ApiClientOptions } from '../api/client'
import { AuthError } from '../errors'
import { defaultArchivePath } from '../paths'
import type { SecretStore } from '../secrets/secretStore'
import { readSettings, writeSettings, type StoredSettings } from '../settings/settingsFile'
import { CONVERSATION_TYPES } from '../types'
import type { ArchiveReader } from '../reader/archiveReader'
import { createArchiveSession } from './archiveSession'
import { CHANNEL_SCHEMAS, describeInputProblem } from './channelSchemas'
import { createKeyManager } from './keyManager'
import { createSyncController } from './syncController'
import { IpcFailure, toIpcError } from './toIpcError'

/** Counting stops here, so a count never scans the whole archive. */
export const COUNT_CAP = 10_000

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
   * The sync's writer thread program (see syncArchive): the app's bundle of writerWorker.ts, so
   * a sync's writes never hold up the window's searches. Without it they run on this thread.
   */
  writerEntry?: string
  /** The reader thread's program (see ArchiveSessionOptions): the app's bundle of readerWorker.ts. */
  readerEntry?: string
  /** Client tuning (retries, timeouts) for tests. */
  clientOptions?: Partial<Omit<ApiClientOptions, 'apiKey' | 'baseUrl' | 'fetch'>>
  onSyncStatus: (status: SyncStatus) => void
}

export type IpcHandlerTable = {
  [M in InvokeMethod]: (input: unknown) => Promise<IpcResult<InvokeOutput<M>>>
}

export interface IpcHandlers extends IpcHandlerTable {
  /** A quick sync if a key is set: the app calls it at launch. */
  syncAtLaunch(): Promise<void>
  /** Window bounds live in the same settings file; the shell reads and writes them here. */
  readStoredSettings(): StoredSettings
  saveWindowBounds(bounds: StoredSettings['windowBounds']): void
  /** Stops the schedule, cancels a running sync and closes the archive. */
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
  let timer: ReturnType<typeof setTimeout> | null = null
  let disposed = false

  const sync = createSyncController({
    writerEntry: deps.writerEntry,
    onStatus: deps.onSyncStatus,
    onEnded: () => void schedule()
  })

  function client(apiKey: string, baseUrl: string, overrides: Partial<ApiClientOptions> = {}) {
    return createApiClient({
      ...deps.clientOptions,
      ...overrides,
      apiKey,
      baseUrl,
      fetch: deps.fetch
    })
  }

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
    if (!apiKey) {
      throw new IpcFailure({
        code: 'no-key',
        message: 'No API key is saved: add the key from your autocalls.ai account in Settings.'
      })
    }
    const archive = await archives.open(settings.baseUrl)
    return sync.start(mode, archive, client(apiKey, settings.baseUrl))
  }

  /** What answers the window's queries on the current account's archive. */
  const reader = (): Promise<ArchiveReader> => archives.reader(settings.baseUrl)

  function saveSettings(next: StoredSettings): void {
    writeSettings(deps.userDataDir, next)
    settings = next
  }

  async function switchBaseUrl(baseUrl: string): Promise<void> {
    if (baseUrl === settings.baseUrl) return
    await sync.cancel()
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
      settings: { baseUrl: settings.baseUrl, syncIntervalMinutes: settings.syncIntervalMinutes },
      defaultBaseUrl,
      apiKeyHelpUrl: API_KEY_HELP_URL,
      archive: await archives.info(settings.baseUrl),
      sync: await withArchiveHistory(sync.status()),
      demo: deps.demo ?? false,
      platform: deps.platform ?? process.platform,
      appVersion: deps.appVersion ?? '0.0.0'
    }
  }

  const implementations: { [M in InvokeMethod]: (input: never) => Promise<InvokeOutput<M>> } = {
    getAppState: () => appState(),

    async saveApiKey(input: { apiKey: string; baseUrl?: string; sessionOnly?: boolean }) {
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
      await schedule()
      return keys.status(settings.baseUrl)
    },

    async updateSettings(input: { baseUrl?: string; syncIntervalMinutes?: number }) {
      if (input.baseUrl !== undefined) await switchBaseUrl(input.baseUrl)
      if (input.syncIntervalMinutes !== undefined) {
        saveSettings({ ...settings, syncIntervalMinutes: input.syncIntervalMinutes })
      }
      await schedule()
      return appState()
    },

    startSync: (input: { mode: 'full' | 'quick' }) => startSync(input.mode),
    cancelSync: () => sync.cancel(),

    search: async (input) => (await reader()).search(input),

    async countConversations(input) {
      const count = await (await reader()).count(input, COUNT_CAP)
      return { count, capped: count >= COUNT_CAP }
    },

    getConversation: async (input: { id: string }) => (await reader()).get(input.id),
    getStats: async () => (await reader()).stats(),

    async getFilterOptions() {
      const archive = await reader()
      const [present, assistants, senders] = await Promise.all([
        archive.types(),
        archive.assistants(),
        archive.senders()
      ])
      const types = [
        ...CONVERSATION_TYPES,
        ...present.filter((t) => !CONVERSATION_TYPES.some((k) => k === t))
      ]
      return { types, assistants, senders }
    },

    async revealArchive() {
      deps.revealPath?.((await archives.open(settings.baseUrl)).file)
    }
  }

  const table = {} as Record<InvokeMethod, (input: unknown) => Promise<IpcResult<unknown>>>
  for (const method of Object.keys(CHANNEL_SCHEMAS) as InvokeMethod[]) {
    const schema = CHANNEL_SCHEMAS[method]
    const implementation = implementations[method] as (input: unknown) => Promise<unknown>
    table[method] = async (input) => {
      const parsed = schema.safeParse(input)
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: 'invalid-input', message: describeInputProblem(parsed.error) }
        }
      }
      try {
        return { ok: true, value: await implementation(parsed.data) }
      } catch (error) {
        return { ok: false, error: toIpcError(error) }
      }
    }
  }

  return {
    ...(table as IpcHandlerTable),
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
      await archives.close()
    }
  }
}

function logScheduled(error: unknown): void {
  console.error('Scheduled sync did not start:', error)
}
