import type { ApiClient } from '../api/client'
import type { RatePacer } from '../api/ratePacer'
import type { TranscriptTarget } from '../archive/archive'
import {
  ConversationNotFoundError,
  RequestRejectedError,
  ResponseFormatError,
  SyncCancelledError
} from '../errors'
import type { ArchiveWriter } from '../sync/archiveWriter'

/** What a pass needs of a writer: its transcript work only. */
export type TranscriptWriter = Pick<
  ArchiveWriter,
  'writeTranscript' | 'markTranscriptNotFound' | 'transcriptTargets' | 'transcriptCounts'
>

/**
 * Targets read per query. At the API's usual 60 requests a minute a batch lasts over a minute,
 * so the keyset query (an index walk) costs nothing beside it; a smaller batch would only read
 * fresher message counts, and a conversation that changes in between is refetched next pass.
 */
export const TARGET_BATCH = 100

/**
 * Conversations in a row that the server rejects (or answers in a shape we cannot read) before
 * the pass gives up: one bad conversation must not stop the backfill, but a server that rejects
 * every one (a missing endpoint, a proxy's error page) must not spend the whole budget on it.
 */
export const MAX_FAILURES_IN_A_ROW = 10

export interface BackfillProgress {
  /** Fetched or found gone on the server in this pass: the N of "N of M". */
  done: number
  /** Missing and stale transcripts when the pass began: the M. */
  total: number
  fetched: number
  notFound: number
  /** Rejected for this conversation alone; left missing, so the next pass tries again. */
  failed: number
  /** What is left of the pass at the API's limit; null until an answer told the limit. */
  remainingMs: number | null
  requestsPerMinute: number | null
}

export interface BackfillSummary {
  total: number
  fetched: number
  notFound: number
  failed: number
  /** Of the pass's total, what is still missing or stale: the failed ones, and any left. */
  remaining: number
}

export interface BackfillOptions {
  writer: TranscriptWriter
  client: Pick<ApiClient, 'getConversation'>
  /** The key's shared pacer, read for the estimate only: the client already paces by it. */
  pacer: Pick<RatePacer, 'limit' | 'windowMs'>
  /** Only conversations created at or after this ISO time; null or absent for all. */
  createdFrom?: string | null
  signal?: AbortSignal
  onProgress?: (progress: BackfillProgress) => void
  now?: () => Date
  batchSize?: number
}

/**
 * One pass of the transcript backfill: every missing or stale transcript, newest conversation
 * first, one request each at background priority, so a list sync or a transcript the person
 * opened always goes first in the shared pacer.
 *
 * Each transcript is committed on its own as it arrives, and what a pass walks is what the
 * archive still lacks: a pass killed at any moment loses at most the request in flight, and the
 * next one continues where it stopped. Nothing is deleted: a conversation the server no longer
 * has is recorded as such and keeps what was archived.
 *
 * Stops (throws) when the key is refused, when the server cannot be reached, when the signal
 * aborts (SyncCancelledError), and after MAX_FAILURES_IN_A_ROW rejections in a row.
 */
export async function backfillTranscripts(options: BackfillOptions): Promise<BackfillSummary> {
  const { writer, client, pacer, signal } = options
  const createdFrom = options.createdFrom ?? null
  const now = options.now ?? (() => new Date())
  const batchSize = options.batchSize ?? TARGET_BATCH

  const counts = await writer.transcriptCounts({ createdFrom })
  const tally = { total: counts.missing + counts.stale, fetched: 0, notFound: 0, failed: 0 }
  const report = (): void => options.onProgress?.(progressOf(tally, pacer))
  report()

  let failuresInARow = 0
  let before: TranscriptTarget | null = null
  for (;;) {
    if (signal?.aborted) throw new SyncCancelledError()
    const targets = await writer.transcriptTargets({ limit: batchSize, createdFrom, before })
    for (const target of targets) {
      if (signal?.aborted) throw new SyncCancelledError()
      const outcome = await fetchOne(target)
      failuresInARow = outcome === 'failed' ? failuresInARow + 1 : 0
      // A sync beside the pass may add targets it did not count: M grows rather than N passing it.
      tally.total = Math.max(tally.total, tally.fetched + tally.notFound + tally.failed)
      report()
    }
    if (targets.length < batchSize) break
    before = targets[targets.length - 1]
  }
  return { ...tally, remaining: Math.max(0, tally.total - tally.fetched - tally.notFound) }

  async function fetchOne(target: TranscriptTarget): Promise<'fetched' | 'gone' | 'failed'> {
    const listed = {
      id: target.id,
      messageCount: target.messageCount,
      updatedAt: target.updatedAt
    }
    try {
      const detail = await client.getConversation(target.id, { priority: 'background', signal })
      await writer.writeTranscript({
        ...listed,
        fetchedAt: now().toISOString(),
        messages: detail.history
      })
      tally.fetched++
      return 'fetched'
    } catch (error) {
      if (error instanceof ConversationNotFoundError) {
        await writer.markTranscriptNotFound(listed, now().toISOString())
        tally.notFound++
        return 'gone'
      }
      if (!isOneConversationsFailure(error) || signal?.aborted) throw error
      tally.failed++
      if (failuresInARow + 1 >= MAX_FAILURES_IN_A_ROW) throw error
      return 'failed'
    }
  }
}

/**
 * A rejection of this request, or an answer we cannot read for this conversation (odd content
 * in one transcript), as opposed to a key refused or a server out of reach, which stop the pass.
 */
function isOneConversationsFailure(error: unknown): boolean {
  return error instanceof RequestRejectedError || error instanceof ResponseFormatError
}

function progressOf(
  tally: { total: number; fetched: number; notFound: number; failed: number },
  pacer: Pick<RatePacer, 'limit' | 'windowMs'>
): BackfillProgress {
  const done = tally.fetched + tally.notFound
  const left = Math.max(0, tally.total - done - tally.failed)
  const limit = pacer.limit()
  return {
    ...tally,
    done,
    remainingMs: limit === null ? null : Math.round((left * pacer.windowMs) / limit),
    requestsPerMinute: limit === null ? null : Math.round((limit * 60_000) / pacer.windowMs)
  }
}
