import type { BackfillStatus, IpcErrorInfo, TranscriptFetch } from '../../../shared/ipc/contract'
import type { ApiClient } from '../api/client'
import type { RatePacer } from '../api/ratePacer'
import { SyncCancelledError } from '../errors'
import type { StoredSettings } from '../settings/settingsFile'
import { formatTranscript, transcriptFileName } from '../../../shared/transcriptFormat'
import {
  createTranscriptJobs,
  type BackfillJobStatus,
  type TranscriptAccount,
  type TranscriptFetchState,
  type TranscriptJobs
} from '../transcripts/transcriptJobs'
import { writeFileAtomically } from '../transcripts/writeFileAtomically'
import type { ArchiveSession } from './archiveSession'
import type { EventSink } from './eventSink'
import type { Implementations } from './handlerTable'
import { whyNotWritten } from './fileErrors'
import { IpcFailure, MESSAGES, toIpcError } from './toIpcError'

/**
 * Attempts for a transcript the person opened: one retry, so that offline is said within
 * seconds while the archived copy shows, instead of after the backfill's minute of backoff.
 */
const OPENED_ATTEMPTS = 2

const FETCH_CANCELLED: IpcErrorInfo = { code: 'cancelled', message: 'The fetch was cancelled.' }

export interface TranscriptHandlerDeps {
  archives: ArchiveSession
  /** The current account. */
  baseUrl(): string
  /** Its key; null while none is saved. */
  apiKey(baseUrl: string): Promise<string | null>
  /** A client spending this key's requests through its pacer. */
  client(apiKey: string, baseUrl: string, overrides?: { maxAttempts?: number }): ApiClient
  /** The key's one pacer, shared with every client of it. */
  pacer(apiKey: string, baseUrl: string): RatePacer
  settings(): StoredSettings
  emit: EventSink
  /** Asks where to save a file; null when the person cancelled. */
  chooseSavePath?: (defaultName: string) => Promise<string | null>
}

type TranscriptMethod =
  'getTranscript' | 'fetchTranscript' | 'pauseBackfill' | 'resumeBackfill' | 'saveTranscript'

export interface TranscriptHandlers {
  implementations: Implementations<TranscriptMethod>
  backfillStatus(): BackfillStatus
  /** A sync of the current account ended well: the backfill takes what it brought. */
  afterSync(): void
  settingsChanged(): Promise<void>
  /**
   * The account changes to this base URL, or its key was removed: the jobs in use stop (their
   * writes committed) and this account's start idle. Called before the old archive can close.
   */
  accountChanged(baseUrl: string): Promise<void>
  dispose(): Promise<void>
}

/** The transcript channels, and the current account's backfill and fetches behind them. */
export function createTranscriptHandlers(deps: TranscriptHandlerDeps): TranscriptHandlers {
  const { archives } = deps

  async function accountFor(baseUrl: string): Promise<TranscriptAccount | null> {
    const apiKey = await deps.apiKey(baseUrl)
    if (!apiKey) return null
    return {
      backfillClient: deps.client(apiKey, baseUrl),
      openedClient: deps.client(apiKey, baseUrl, { maxAttempts: OPENED_ATTEMPTS }),
      pacer: deps.pacer(apiKey, baseUrl),
      writer: await archives.writer(baseUrl),
      async listed(id) {
        const conversation = await (await archives.reader(baseUrl)).get(id)
        if (!conversation) return null
        return { messageCount: conversation.message_count, updatedAt: conversation.updated_at }
      }
    }
  }

  // The jobs report the core's errors; here, at the edge, they become a code and a sentence.
  // Each status is turned once, so an unexpected error is logged once, not at every getAppState.
  let converted: { from: BackfillJobStatus; to: BackfillStatus } | null = null
  function backfillStatus(status: BackfillJobStatus): BackfillStatus {
    if (converted?.from !== status) {
      const lastError = status.lastError === null ? null : toIpcError(status.lastError)
      converted = { from: status, to: { ...status, lastError } }
    }
    return converted.to
  }

  function transcriptFetch(fetch: TranscriptFetchState): TranscriptFetch {
    if (fetch.error === null) return { ...fetch, error: null }
    const error =
      fetch.error instanceof SyncCancelledError ? FETCH_CANCELLED : toIpcError(fetch.error)
    return { ...fetch, error }
  }

  function jobsFor(baseUrl: string): TranscriptJobs {
    return createTranscriptJobs({
      account: () => accountFor(baseUrl),
      settings: () => ({
        enabled: deps.settings().transcriptBackfill,
        days: deps.settings().transcriptBackfillDays
      }),
      onStatus: (status) => deps.emit('backfillStatus', backfillStatus(status)),
      onFetch: (fetch) => deps.emit('transcriptFetch', transcriptFetch(fetch))
    })
  }

  let jobs = jobsFor(deps.baseUrl())
  const reader = () => archives.reader(deps.baseUrl())

  return {
    implementations: {
      getTranscript: async (input) => (await reader()).transcript(input.id),
      fetchTranscript: async (input) => transcriptFetch(await jobs.fetchNow(input.id)),
      pauseBackfill: async () => backfillStatus(await jobs.pause()),
      resumeBackfill: async () => backfillStatus(await jobs.resume()),

      async saveTranscript(input) {
        const transcript = await (await reader()).transcript(input.id)
        if (!transcript) {
          throw new IpcFailure({ code: 'not-found', message: MESSAGES.notArchived })
        }
        if (!deps.chooseSavePath) {
          throw new IpcFailure({ code: 'file', message: 'Saving files is not possible here.' })
        }
        const path = await deps.chooseSavePath(transcriptFileName(input.id, input.format))
        if (path === null) return { saved: false }
        try {
          await writeFileAtomically(path, formatTranscript(transcript, input.format))
        } catch (error) {
          throw new IpcFailure({
            code: 'file',
            message: `The transcript could not be saved to ${path}: ${whyNotWritten(error)}.`
          })
        }
        return { saved: true }
      }
    },
    backfillStatus: () => backfillStatus(jobs.status()),
    afterSync: () => jobs.afterSync(),
    settingsChanged: async () => {
      await jobs.settingsChanged()
    },
    async accountChanged(baseUrl) {
      await jobs.close()
      jobs = jobsFor(baseUrl)
      deps.emit('backfillStatus', backfillStatus(jobs.status()))
    },
    dispose: () => jobs.close()
  }
}
