/**
 * The one IPC contract: every channel between the renderer and the main process is named here
 * once. Main registers a handler for each invoke channel, the preload (and the browser harness)
 * build `window.api` from the same table, and the renderer imports the types.
 *
 * Calls never reject across the bridge: each answers an IpcResult, so an error reaches the
 * renderer as a code and a sentence for people, not as Electron's wrapped exception text.
 */
import type { PhoneInText } from '../phoneInText'
import type { AccountSummary } from '../model/account'
import type { AssistantSummary, SenderSummary } from '../model/filterOptions'
import type { Insights } from '../model/insights'
import type { SyncMode } from '../model/sync'
import type { ArchivedConversation } from '../model/conversation'
import type { CustomerLookup } from '../model/customer'
import type { SearchPage, SearchQuery } from '../model/search'
import type { ArchiveStats } from '../model/stats'
import type { ArchivedTranscript } from '../model/transcript'
import type {
  BackfillStatus,
  ExportInput,
  ExportStatus,
  SaveTranscriptInput,
  SyncStatus,
  TranscriptFetch
} from './workStatus'

export type IpcErrorCode =
  /** The input failed the channel's schema. */
  | 'invalid-input'
  /** The call did not come from the app's own window. */
  | 'forbidden'
  /** 401/403: the API refused the key. */
  | 'auth'
  /** No API key is saved, so nothing can be synced. */
  | 'no-key'
  /** The server could not be reached, or kept failing after every retry. */
  | 'offline'
  /** The server answered something that is not the documented JSON, or rejected the request. */
  | 'server'
  /** No OS keychain (a Linux desktop without a Secret Service): offer a session-only key. */
  | 'keychain-unavailable'
  /** A sync was cancelled. */
  | 'cancelled'
  /** The archive file cannot be opened (damaged, or in use). */
  | 'archive'
  /**
   * The archive's file is not this app's archive (another program's database, not a database)
   * or one of a newer version. It was left as it is; startNewArchive sets it aside.
   */
  | 'not-an-archive'
  /** The disk is full: what was committed is kept; free space and sync again. */
  | 'disk-full'
  /** The archive or its folder cannot be written (its mode, a read-only disk). */
  | 'archive-read-only'
  /** The archive's file was deleted or moved while open, and written back from the open copy. */
  | 'archive-restored'
  /**
   * The server no longer has the conversation ("Conversation not found"), or the archive has no
   * conversation with that id. What is archived of it is kept.
   */
  | 'not-found'
  /** A file could not be written where the person chose (saving a transcript). */
  | 'file'
  /** Anything else: a bug. The message is still one plain sentence. */
  | 'internal'

export interface IpcErrorInfo {
  code: IpcErrorCode
  message: string
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcErrorInfo }

/** What the renderer may know of the API key: never the key itself. */
export interface KeyStatus {
  set: boolean
  /** The key's last four characters, to tell keys apart. */
  lastFour: string | null
  /** 'session' when kept in memory only, because no keychain could be used. */
  storage: 'keychain' | 'session' | null
}

export interface AppSettings {
  /** The current account's API base URL, without a trailing slash. */
  baseUrl: string
  /** Minutes between quick refreshes while the app runs; 0 turns the schedule off. */
  syncIntervalMinutes: number
  /** Fetch missing and stale transcripts in the background after each sync. */
  transcriptBackfill: boolean
  /** Only conversations created in the last N days; null for every conversation. */
  transcriptBackfillDays: number | null
  /** The quick lookup's global shortcut, an Electron accelerator; null for none. */
  quickLookupShortcut: string | null
  /** The country (ISO 3166) of numbers written without one; null for the system's region. */
  defaultCountry: string | null
  /** Keep running in the tray (the menu bar on macOS) when the window is closed. */
  keepInTray: boolean
}

/** Whether the quick lookup's shortcut works. */
export interface QuickLookupShortcutStatus {
  /** The shortcut asked for; null when none is set. */
  accelerator: string | null
  /**
   * False when the system refused it (another program holds it); null where nothing registers
   * global shortcuts (the browser harness, the CLI).
   */
  registered: boolean | null
}

/** The quick lookup's shortcut was pressed; what it found on the clipboard, if anything. */
export interface QuickLookup {
  /** The first phone number on the clipboard; the clipboard itself is never kept nor sent. */
  clipboardPhone: PhoneInText | null
}

export interface ArchiveInfo {
  /** The archive file's path (one per account and API host). */
  path: string
  /** Size on disk, with its WAL. */
  bytes: number
  conversations: number
}

/** The long work's states live in workStatus.ts; they are part of this contract. */
export type {
  BackfillPhase,
  BackfillStatus,
  ExportFormat,
  ExportInput,
  ExportPhase,
  ExportStatus,
  SaveTranscriptInput,
  SyncPhase,
  SyncStatus,
  TranscriptFetch
} from './workStatus'
export interface AppState {
  /** Every account, in the switcher's order (Ctrl+1 is the first); one is `current`. */
  accounts: AccountSummary[]
  /** The current account's key; the archive, sync and backfill below are its too. */
  key: KeyStatus
  /** False when the OS keychain cannot be used here: keys are then kept for the session only. */
  keychainAvailable: boolean
  settings: AppSettings
  defaultBaseUrl: string
  /** Where a person finds their API key in autocalls.ai (an https link). */
  apiKeyHelpUrl: string
  archive: ArchiveInfo
  sync: SyncStatus
  backfill: BackfillStatus
  quickLookup: QuickLookupShortcutStatus
  /** Running against the bundled mock API with sample data. */
  demo: boolean
  platform: string
  appVersion: string
}

export interface FilterOptions {
  types: string[]
  assistants: AssistantSummary[]
  senders: SenderSummary[]
}

/** A search's filters without its paging: what the dashboard's figures are for. */
export type InsightsQuery = Omit<SearchQuery, 'limit' | 'cursor'>

export interface CountResult {
  /** Matches counted, up to the cap. */
  count: number
  /** True when there are at least `count` matches and the count stopped there. */
  capped: boolean
}

export interface SaveKeyInput {
  apiKey: string
  /** Also switches the current account's API (and so its archive) when given. */
  baseUrl?: string
  /** Keep the key in memory for this session only, never in the keychain. */
  sessionOnly?: boolean
}

export interface AddAccountInput {
  name: string
  /** The API's base URL; the default API when left out. */
  baseUrl?: string
  /** Checked against the API before anything is saved. */
  apiKey: string
  /** Keep the key in memory for this session only, never in the keychain. */
  sessionOnly?: boolean
}

export interface RemoveAccountInput {
  id: string
  /** Also delete the account's archive files; without it they are kept. */
  deleteArchive: boolean
}

/** Which account a conversation belongs to: the current one when left out. */
export interface InAccount {
  accountId?: string
}

/** Input and output of every invoke channel. `void` input means the method takes no argument. */
export interface InvokeContract {
  getAppState: { input: void; output: AppState }
  /** Checks the key against the API first; saves it only if the API accepts it. */
  saveApiKey: { input: SaveKeyInput; output: KeyStatus }
  removeApiKey: { input: void; output: KeyStatus }
  updateSettings: { input: Partial<AppSettings>; output: AppState }
  /** Starts a sync (or returns the running one's status) and answers at once. */
  startSync: { input: { mode: SyncMode }; output: SyncStatus }
  cancelSync: { input: void; output: SyncStatus }
  search: { input: SearchQuery; output: SearchPage }
  countConversations: { input: SearchQuery; output: CountResult }
  getConversation: { input: { id: string } & InAccount; output: ArchivedConversation | null }
  getStats: { input: void; output: ArchiveStats }
  /** The dashboard's figures for the search's filters (no page or cursor). */
  getInsights: { input: InsightsQuery; output: Insights }
  getFilterOptions: { input: void; output: FilterOptions }
  /** Shows the archive file in the system's file manager. */
  revealArchive: { input: void; output: void }
  /**
   * After 'not-an-archive': renames that file beside itself and starts a new archive; answers
   * the name the old file is kept under.
   */
  startNewArchive: { input: void; output: { keptAs: string } }
  /** The archived transcript; null for an id the archive does not hold. */
  getTranscript: { input: { id: string } & InAccount; output: ArchivedTranscript | null }
  /**
   * Fetches this transcript now, ahead of the backfill, and answers at once: the outcome comes
   * as a transcriptFetch event, and on success the fresh copy is in the archive.
   */
  fetchTranscript: { input: { id: string } & InAccount; output: TranscriptFetch }
  pauseBackfill: { input: void; output: BackfillStatus }
  resumeBackfill: { input: void; output: BackfillStatus }
  /**
   * Every conversation with this number, in any spelling of it: in the current account, or in
   * every account at once, each conversation labelled with its account.
   */
  getCustomer: { input: { phone: string; allAccounts?: boolean }; output: CustomerLookup }
  /** Asks where to save the transcript, then writes it; false when the person cancelled. */
  saveTranscript: { input: SaveTranscriptInput & InAccount; output: { saved: boolean } }
  /**
   * Asks where to save, then starts the export and answers at once ('running'), or 'idle' when
   * the person cancelled the save dialog; progress and the end come as exportStatus events.
   * While one runs, answers its status and starts nothing.
   */
  startExport: { input: ExportInput; output: ExportStatus }
  /** Stops the running export; what it wrote is removed. */
  cancelExport: { input: void; output: ExportStatus }
  /**
   * Checks the key against the API, adds the account with its own keychain entry and archive,
   * makes it the current one and starts its first sync.
   */
  addAccount: { input: AddAccountInput; output: AppState }
  renameAccount: { input: { id: string; name: string }; output: AccountSummary[] }
  /** Removes the account and its key; its archive is kept unless deleteArchive. */
  removeAccount: { input: RemoveAccountInput; output: AppState }
  /** Makes this account the one the window shows. */
  switchAccount: { input: { id: string }; output: AppState }
}

export type InvokeMethod = keyof InvokeContract
export type InvokeInput<M extends InvokeMethod> = InvokeContract[M]['input']
export type InvokeOutput<M extends InvokeMethod> = InvokeContract[M]['output']

export const INVOKE_CHANNELS = {
  getAppState: 'app:get-state',
  saveApiKey: 'key:save',
  removeApiKey: 'key:remove',
  updateSettings: 'settings:update',
  startSync: 'sync:start',
  cancelSync: 'sync:cancel',
  search: 'archive:search',
  countConversations: 'archive:count',
  getConversation: 'archive:get',
  getStats: 'archive:stats',
  getInsights: 'archive:insights',
  getFilterOptions: 'archive:filter-options',
  revealArchive: 'archive:reveal',
  startNewArchive: 'archive:start-new',
  getTranscript: 'transcript:get',
  fetchTranscript: 'transcript:fetch',
  pauseBackfill: 'backfill:pause',
  resumeBackfill: 'backfill:resume',
  getCustomer: 'archive:customer',
  saveTranscript: 'transcript:save',
  startExport: 'export:start',
  cancelExport: 'export:cancel',
  addAccount: 'account:add',
  renameAccount: 'account:rename',
  removeAccount: 'account:remove',
  switchAccount: 'account:switch'
} as const satisfies Record<InvokeMethod, string>

/** Payloads the main process pushes to the renderer. */
export interface EventContract {
  /** Every change of the sync's state, progress after each page included. */
  syncStatus: SyncStatus
  /** The backfill's progress, after each transcript. */
  backfillStatus: BackfillStatus
  /** A transcript the person opened: fetching, then done or failed. */
  transcriptFetch: TranscriptFetch
  /** The export's progress (a few times a second at most) and its end. */
  exportStatus: ExportStatus
  /** A conversation-browser:// link, checked in main: the address to show (after the `#`). */
  navigate: { address: string }
  /** The quick lookup's global shortcut was pressed. */
  quickLookup: QuickLookup
  /** The accounts changed: one added, renamed or removed, or a sync of one began or ended. */
  accounts: AccountSummary[]
}

export type EventName = keyof EventContract

export const EVENT_CHANNELS = {
  syncStatus: 'event:sync-status',
  backfillStatus: 'event:backfill-status',
  transcriptFetch: 'event:transcript-fetch',
  exportStatus: 'event:export-status',
  navigate: 'event:navigate',
  quickLookup: 'event:quick-lookup',
  accounts: 'event:accounts'
} as const satisfies Record<EventName, string>

type InvokeFunction<M extends InvokeMethod> = [InvokeInput<M>] extends [void]
  ? () => Promise<IpcResult<InvokeOutput<M>>>
  : (input: InvokeInput<M>) => Promise<IpcResult<InvokeOutput<M>>>

type Subscribe<E extends EventName> = (listener: (payload: EventContract[E]) => void) => () => void

/** `window.api`: one method per invoke channel, one `on<Event>` per event. */
export type Api = { [M in InvokeMethod]: InvokeFunction<M> } & {
  [E in EventName as `on${Capitalize<E>}`]: Subscribe<E>
}
