/**
 * The states of the app's long work as the window follows them: the list sync, the transcript
 * backfill, one transcript fetched by hand, and an export. Part of the IPC contract (contract.ts
 * re-exports them).
 */
import type { SearchQuery } from '../model/search'
import type { SyncMode, SyncProgress, SyncSummary } from '../model/sync'
import type { IpcErrorInfo } from './contract'

export type SyncPhase = 'idle' | 'running' | 'cancelling'

export interface SyncStatus {
  /**
   * Orders what the window learns of syncs: the process counts every change of any account's
   * sync, and a status carries the count when it was true (an event) or read (an answer). An
   * event and a call's answer travel separately and can arrive in either order: the window keeps
   * the one with the higher count.
   */
  seq: number
  phase: SyncPhase
  /** The running sync's mode, else the last one's. */
  mode: SyncMode | null
  /** The running sync's progress; null when idle. */
  progress: SyncProgress | null
  /** Share done, 0 to 1, when a previous complete crawl tells how many rows to expect. */
  fraction: number | null
  lastSummary: SyncSummary | null
  /** Why the last sync failed; null after a success. */
  lastError: IpcErrorInfo | null
  lastSyncAt: string | null
  /** False while the server could not be reached at the last attempt. */
  online: boolean
  /** When the scheduled refresh runs next; null when the schedule is off or no key is set. */
  nextSyncAt: string | null
}

export type BackfillPhase = 'idle' | 'running' | 'paused' | 'off'

/** The background fetch of missing and stale transcripts, newest first. */
export interface BackfillStatus {
  phase: BackfillPhase
  /** Transcripts fetched (or found gone) in this run of passes, and its total: "N of M". */
  done: number
  total: number
  /** How long the rest takes at the API's rate limit; null while the limit is not yet known. */
  remainingMs: number | null
  /** Requests a minute the API allows this key, as its last answer said; null until known. */
  requestsPerMinute: number | null
  /** Why the last pass stopped early; null when it finished or was paused. */
  lastError: IpcErrorInfo | null
}

/** The one transcript being fetched because the person opened it, and how that went. */
export interface TranscriptFetch {
  id: string
  /**
   * The conversation's account when it is not the one the window shows (a customer looked up
   * across accounts); absent for the shown account's, as in the calls (InAccount).
   */
  accountId?: string
  phase: 'fetching' | 'done' | 'failed'
  /** Why it failed (offline, not found on the server, ...); the archived copy still shows. */
  error: IpcErrorInfo | null
}

export interface SaveTranscriptInput {
  id: string
  format: 'text' | 'json'
}

export type ExportFormat = 'csv' | 'jsonl'

export interface ExportInput {
  /** The search's filters: the list's current ones, or `{}` for every conversation. */
  query: Omit<SearchQuery, 'limit' | 'cursor'>
  format: ExportFormat
  /** Add the archived transcripts (JSON Lines: a field; CSV: text files in a folder beside). */
  transcripts: boolean
}

export type ExportPhase = 'idle' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled'

/** The one export at a time: where it stands, and how the last one ended. */
export interface ExportStatus {
  phase: ExportPhase
  format: ExportFormat | null
  /** A CSV export first reads the rows for their variable keys ('counting'), then writes. */
  step: 'counting' | 'writing' | null
  /** Rows read or written so far in this step, of `total` when known. */
  done: number
  total: number | null
  /** The file chosen in the save dialog; it exists, complete, only once the phase is 'done'. */
  path: string | null
  /** For CSV with transcripts: the folder of their text files beside the file. */
  transcriptsDir: string | null
  error: IpcErrorInfo | null
}
