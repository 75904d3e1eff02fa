import type { AppState, KeyStatus, SaveKeyInput, SyncStatus } from '../../../shared/ipc/contract'
import type { SyncMode } from '../../../shared/model/sync'
import type { AccountSummary } from '../../../shared/model/account'
import { createApiClient, type ApiClientOptions } from '../api/client'
import type { PacerRegistry } from '../api/pacerRegistry'
import type { StoredAccount } from '../accounts/accountsFile'
import { keyEntryOf } from '../accounts/accountPlaces'
import { AuthError } from '../errors'
import type { ArchiveReader } from '../reader/archiveReader'
import type { SecretStore } from '../secrets/secretStore'
import type { StoredSettings } from '../settings/settingsFile'
import { createArchiveSession } from './archiveSession'
import type { EventSink } from './eventSink'
import { createKeyManager } from './keyManager'
import { createSyncController } from './syncController'
import { IpcFailure, MESSAGES } from './toIpcError'
import { createTranscriptHandlers, type TranscriptHandlers } from './transcriptHandlers'

export interface AccountRuntimeDeps {
  /** The account as saved now: its base URL can change while the runtime lives. */
  account(): StoredAccount
  /** Saves the account's new base URL (see changeBaseUrl). */
  saveBaseUrl(baseUrl: string): void
  /** Where the account's archive is for a base URL (see accountPlaces.archivePathOf). */
  archivePathFor(baseUrl: string): string
  secretStore: SecretStore
  /** The process's one pacer per key: every account's clients draw on it. */
  pacers: PacerRegistry
  settings(): StoredSettings
  fetch?: typeof fetch
  clientOptions?: Partial<Omit<ApiClientOptions, 'apiKey' | 'baseUrl' | 'fetch' | 'pacer'>>
  readerEntry?: string
  writerEntry?: string
  /** This account's events: the router passes on those of the account the window shows. */
  emit: EventSink
  chooseSavePath?: (defaultName: string) => Promise<string | null>
}

/** The parts of the app's state that are the account's. */
export type AccountState = Pick<
  AppState,
  'key' | 'keychainAvailable' | 'archive' | 'sync' | 'backfill'
>

export interface AccountRuntime {
  readonly id: string
  state(): Promise<AccountState>
  summary(current: boolean): Promise<AccountSummary>
  readKey(): Promise<string | null>
  /**
   * Checks the key against the API (the new one when a base URL is given), saves it, turns to
   * that API, then starts a full sync.
   */
  saveApiKey(input: SaveKeyInput): Promise<KeyStatus>
  removeApiKey(): Promise<KeyStatus>
  /** Ends the work on the old API's archive and turns to the new one's. */
  changeBaseUrl(baseUrl: string): Promise<void>
  startSync(mode: SyncMode): Promise<SyncStatus>
  cancelSync(): Promise<SyncStatus>
  syncStatus(): SyncStatus
  reader(): Promise<ArchiveReader>
  analyticReader(): Promise<ArchiveReader>
  archiveFile(): Promise<string>
  setArchiveAside(): Promise<string>
  transcripts: TranscriptHandlers
  /** The schedule and the backfill follow the settings. */
  settingsChanged(): Promise<void>
  /** A quick sync if a key is set, then the schedule: at launch, and for an added account. */
  syncAtLaunch(): Promise<void>
  /** Stops the schedule, the sync and the transcript work, and closes the archive. */
  dispose(): Promise<void>
}

/**
 * Everything one account runs: its key, its archive with its one writer and its readers, its
 * sync and schedule, and its transcript backfill. The clients spend the key's shared pacer, so
 * two accounts with one key still stay under its throttle together.
 */
export function createAccountRuntime(deps: AccountRuntimeDeps): AccountRuntime {
  const id = deps.account().id
  const baseUrl = (): string => deps.account().baseUrl
  const archives = createArchiveSession({
    pathFor: deps.archivePathFor,
    readerEntry: deps.readerEntry,
    writerEntry: deps.writerEntry
  })
  const keys = createKeyManager(deps.secretStore, (url) =>
    keyEntryOf({ ...deps.account(), baseUrl: url })
  )
  let timer: ReturnType<typeof setTimeout> | null = null
  let disposed = false

  const sync = createSyncController({
    onStatus: (status) => deps.emit('syncStatus', status),
    onEnded: (succeeded) => {
      if (succeeded) transcripts.afterSync()
      void schedule()
    }
  })

  function client(apiKey: string, url: string, overrides: { maxAttempts?: number } = {}) {
    return createApiClient({
      ...deps.clientOptions,
      ...overrides,
      apiKey,
      baseUrl: url,
      fetch: deps.fetch,
      pacer: deps.pacers.pacerFor(url, apiKey)
    })
  }

  const transcripts = createTranscriptHandlers({
    archives,
    baseUrl,
    apiKey: (url) => keys.read(url),
    client,
    pacer: (apiKey, url) => deps.pacers.pacerFor(url, apiKey),
    settings: deps.settings,
    emit: deps.emit,
    chooseSavePath: deps.chooseSavePath
  })

  async function schedule(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = null
    const minutes = deps.settings().syncIntervalMinutes
    if (disposed || minutes === 0 || !(await keys.read(baseUrl()))) {
      sync.setNextSyncAt(null)
      return
    }
    const delayMs = minutes * 60_000
    timer = setTimeout(() => void startSync('quick').catch(logScheduled), delayMs)
    // A pending refresh must not keep a test process or the harness alive.
    timer.unref?.()
    sync.setNextSyncAt(new Date(Date.now() + delayMs).toISOString())
  }

  async function startSync(mode: SyncMode): Promise<SyncStatus> {
    if (sync.status().phase !== 'idle') return sync.status()
    const url = baseUrl()
    const apiKey = await keys.read(url)
    if (!apiKey) throw new IpcFailure({ code: 'no-key', message: MESSAGES.noKey })
    const archive = await archives.open(url)
    // The archive's one writer, which the backfill writes through too: the sync leaves it open.
    const writer = archives.writer(url)
    return sync.start(mode, archive, client(apiKey, url), writer)
  }

  async function changeBaseUrl(url: string): Promise<void> {
    if (url === baseUrl()) return
    await sync.cancel()
    // The old API's transcript work ends before anything can open the new archive.
    await transcripts.accountChanged(url)
    deps.saveBaseUrl(url)
    await schedule()
  }

  // Before this run's first sync, the last one is whatever the archive remembers: a sync by the
  // CLI or by an earlier run of the app.
  async function withArchiveHistory(status: SyncStatus): Promise<SyncStatus> {
    if (status.lastSyncAt !== null) return status
    const archive = await archives.open(baseUrl())
    return { ...status, lastSyncAt: archive.syncHistory().lastSyncAt }
  }

  async function lastSyncAt(): Promise<string | null> {
    try {
      return (await withArchiveHistory(sync.status())).lastSyncAt
    } catch {
      // An archive that cannot be opened has no history to show; its own view says why.
      return sync.status().lastSyncAt
    }
  }

  return {
    id,
    async state() {
      return {
        key: await keys.status(baseUrl()),
        keychainAvailable: keys.keychainAvailable,
        archive: await archives.info(baseUrl()),
        sync: await withArchiveHistory(sync.status()),
        backfill: transcripts.backfillStatus()
      }
    },
    async summary(current) {
      const account = deps.account()
      const key = await keys.status(account.baseUrl)
      const status = sync.status()
      return {
        id,
        name: account.name,
        baseUrl: account.baseUrl,
        current,
        keySet: key.set,
        keyLastFour: key.lastFour,
        archivePath: deps.archivePathFor(account.baseUrl),
        sync: {
          phase: status.phase,
          lastSyncAt: await lastSyncAt(),
          lastError: status.lastError?.message ?? null
        }
      }
    },
    readKey: () => keys.read(baseUrl()),

    async saveApiKey(input) {
      const url = input.baseUrl ?? baseUrl()
      try {
        await client(input.apiKey, url, { maxAttempts: 2 }).checkKey()
      } catch (error) {
        if (!(error instanceof AuthError)) throw error
        throw new IpcFailure({
          code: 'auth',
          message:
            'The API refused this API key: check that it is copied in full from your autocalls.ai account.'
        })
      }
      if (input.sessionOnly) keys.saveForSession(url, input.apiKey)
      else await keys.saveInKeychain(url, input.apiKey)
      await changeBaseUrl(url)
      const status = await keys.status(url)
      await startSync('full').catch((error: unknown) =>
        console.error('Sync after saving the key:', error)
      )
      await schedule()
      return status
    },

    async removeApiKey() {
      await sync.cancel()
      await keys.remove(baseUrl())
      await transcripts.accountChanged(baseUrl())
      await schedule()
      return keys.status(baseUrl())
    },

    changeBaseUrl,

    startSync,
    cancelSync: () => sync.cancel(),
    syncStatus: () => sync.status(),
    reader: () => archives.reader(baseUrl()),
    analyticReader: () => archives.analyticReader(baseUrl()),
    archiveFile: async () => (await archives.open(baseUrl())).file,

    async setArchiveAside() {
      if (sync.status().phase !== 'idle') {
        throw new IpcFailure({ code: 'archive', message: 'Wait for the sync to end first.' })
      }
      return archives.setAside(baseUrl())
    },

    transcripts,
    async settingsChanged() {
      await transcripts.settingsChanged()
      await schedule()
    },
    async syncAtLaunch() {
      if (!(await keys.read(baseUrl()))) return
      await startSync('quick').catch(logScheduled)
      await schedule()
    },
    async dispose() {
      disposed = true
      if (timer) clearTimeout(timer)
      timer = null
      await sync.cancel()
      await transcripts.dispose()
      await archives.close()
    }
  }
}

function logScheduled(error: unknown): void {
  console.error('Scheduled sync did not start:', error)
}
