import type { BackfillStatus, TranscriptFetch } from '../../../shared/ipc/contract'
import type { ApiClient } from '../api/client'
import type { RatePacer } from '../api/ratePacer'
import { ConversationNotFoundError, SyncCancelledError } from '../errors'
import { backfillTranscripts, type TranscriptWriter } from './backfillTranscripts'
import { ConversationNotArchivedError, NoApiKeyError } from './transcriptErrors'

/**
 * The backfill's state as the jobs keep it: the window's BackfillStatus, but with the error
 * itself (a CoreError when the core knows it), which the IPC edge turns into a code and a
 * sentence (toIpcError).
 *
 * `done` and `total` are the run's "N of M": a run is the passes from one start until a pass
 * finishes, so a pass that goes on after a pause, an error or a sync keeps the figures before it.
 * `total` is 0 only while the first pass of a run is counting (nothing is known yet); a pass that
 * goes on from earlier figures shows those until it has counted.
 */
export interface BackfillJobStatus extends Omit<BackfillStatus, 'lastError'> {
  lastError: Error | null
}

/** A transcript the person opened, as the jobs report it: the error as in BackfillJobStatus. */
export interface TranscriptFetchState extends Omit<TranscriptFetch, 'error'> {
  /** SyncCancelledError when the fetch was cancelled. */
  error: Error | null
}

/** A conversation's list fields as archived: what its fetched transcript is recorded against. */
export interface ListedConversation {
  messageCount: number | null
  updatedAt: string | null
}

/** What the jobs of one account work with. */
export interface TranscriptAccount {
  /** Asked at 'background' priority, with the client's full patience for retries. */
  backfillClient: Pick<ApiClient, 'getConversation'>
  /** For a transcript the person opened: few retries, so a failure shows within seconds. */
  openedClient: Pick<ApiClient, 'getConversation'>
  /** The key's pacer, which both clients share with the list sync. */
  pacer: Pick<RatePacer, 'limit' | 'windowMs'>
  /** The archive's long-lived writer: scans and writes stay off the window's reader. */
  writer: TranscriptWriter
  /** Null when the archive has no conversation with this id. */
  listed(id: string): Promise<ListedConversation | null>
}

export interface BackfillSettings {
  enabled: boolean
  /** Only conversations created in the last N days; null for all. */
  days: number | null
}

export interface TranscriptJobsOptions {
  /**
   * The account as it is now; null while no API key is saved. Asked afresh for every pass and
   * every fetch, so a key saved again is used from the next request on.
   */
  account(): Promise<TranscriptAccount | null>
  settings(): BackfillSettings
  onStatus(status: BackfillJobStatus): void
  onFetch(fetch: TranscriptFetchState): void
  now?: () => Date
}

export interface TranscriptJobs {
  status(): BackfillJobStatus
  /**
   * A sync ended well: a pass starts, or the running one starts over from the newest, so what
   * the sync brought is fetched before the old conversations the pass was working through. A
   * run not yet finished keeps its figures.
   */
  afterSync(): void
  /** Stops the pass (losing at most the request in flight); no pass starts until resume. */
  pause(): Promise<BackfillJobStatus>
  /**
   * Starts a pass now unless one runs or the backfill is off; after a pause or an error it goes
   * on with the run's figures ("20 of 303" stays "20 of 303").
   */
  resume(): Promise<BackfillJobStatus>
  /** Turns the backfill off or on, or starts the pass over when its span of days changed. */
  settingsChanged(): Promise<BackfillJobStatus>
  /**
   * Fetches one transcript now at 'foreground' priority, ahead of the backfill, and answers at
   * once; the outcome follows through onFetch. Throws NoApiKeyError when there is no key, and
   * ConversationNotArchivedError when the archive has no such conversation.
   */
  fetchNow(id: string): Promise<TranscriptFetchState>
  /** Stops the pass and every fetch; resolves once they have ended. */
  close(): Promise<void>
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The transcript work of one account: the background backfill, one pass at a time, with its
 * status for the window, and the transcripts the person opens. Every change of state goes
 * through one queue, so a pause, a resume and the end of a sync never race into two passes.
 */
export function createTranscriptJobs(options: TranscriptJobsOptions): TranscriptJobs {
  const now = options.now ?? (() => new Date())
  let status: BackfillJobStatus = {
    phase: options.settings().enabled ? 'idle' : 'off',
    done: 0,
    total: 0,
    remainingMs: null,
    requestsPerMinute: null,
    lastError: null
  }
  let days = options.settings().days
  let pass: { controller: AbortController; ended: Promise<void> } | null = null
  /**
   * Whether the figures shown belong to a run not yet over: a pass runs, or the last one was
   * paused, aborted or stopped by an error before it finished. The next pass goes on from them.
   */
  let runOpen = false
  const fetches = new Map<
    string,
    { state: TranscriptFetchState; controller: AbortController; ended: Promise<void> }
  >()
  let closed = false
  let queue: Promise<unknown> = Promise.resolve()

  function serially<T>(step: () => Promise<T>): Promise<T> {
    const next = queue.then(step)
    queue = next.catch(() => undefined)
    return next
  }

  function update(patch: Partial<BackfillJobStatus>): void {
    status = { ...status, ...patch }
    options.onStatus(status)
  }

  async function account(): Promise<TranscriptAccount> {
    const found = await options.account()
    if (!found) throw new NoApiKeyError()
    return found
  }

  /**
   * 'continue' goes on with the run's figures if it is not over, so "N of M" does not fall back
   * to 0; 'anew' starts a run of its own (the backfill was turned on, or its span changed).
   * Until the pass has counted, the status shows the figures it goes on from, or a total of 0
   * (unknown) for a new run.
   */
  function startPass(how: 'continue' | 'anew'): void {
    const carried =
      how === 'continue' && runOpen ? { done: status.done, total: status.total } : null
    runOpen = true
    const controller = new AbortController()
    update({
      phase: 'running',
      done: carried?.done ?? 0,
      total: carried?.total ?? 0,
      remainingMs: null,
      lastError: null
    })
    const ended = runPass(controller.signal, carried?.done ?? 0).finally(() => {
      if (pass?.controller === controller) pass = null
    })
    pass = { controller, ended }
  }

  /** `carried`: what earlier passes of this run did, added to this pass's figures. */
  async function runPass(signal: AbortSignal, carried: number): Promise<void> {
    try {
      const { writer, backfillClient, pacer } = await account()
      if (signal.aborted) return
      await backfillTranscripts({
        writer,
        client: backfillClient,
        pacer,
        createdFrom: days === null ? null : new Date(now().getTime() - days * DAY_MS).toISOString(),
        signal,
        now,
        onProgress: (progress) => {
          // Nothing to fetch and nothing before: the pass ends at once, and a running total
          // of 0 would read as still counting.
          if (signal.aborted || carried + progress.total === 0) return
          update({
            done: carried + progress.done,
            total: carried + progress.total,
            remainingMs: progress.remainingMs,
            requestsPerMinute: progress.requestsPerMinute
          })
        }
      })
      runOpen = false
      update({ phase: 'idle', lastError: null })
    } catch (error) {
      // Whoever aborted the pass says what comes next.
      if (signal.aborted) return
      update({ phase: 'idle', remainingMs: null, lastError: asError(error) })
    }
  }

  async function stopPass(): Promise<void> {
    const running = pass
    if (!running) return
    running.controller.abort()
    await running.ended
  }

  async function fetchOne(
    target: TranscriptAccount,
    id: string,
    listed: ListedConversation,
    signal: AbortSignal
  ): Promise<void> {
    let outcome: TranscriptFetchState
    try {
      const detail = await target.openedClient.getConversation(id, {
        priority: 'foreground',
        signal
      })
      await target.writer.writeTranscript({
        id,
        ...listed,
        fetchedAt: now().toISOString(),
        messages: detail.history
      })
      outcome = { id, phase: 'done', error: null }
    } catch (error) {
      if (error instanceof ConversationNotFoundError) {
        await target.writer
          .markTranscriptNotFound({ id, ...listed }, now().toISOString())
          .catch((failure: unknown) => console.error('Recording a conversation gone:', failure))
      }
      outcome = {
        id,
        phase: 'failed',
        error: signal.aborted ? new SyncCancelledError() : asError(error)
      }
    }
    options.onFetch(outcome)
  }

  return {
    status: () => status,

    afterSync() {
      void serially(async () => {
        if (closed || status.phase === 'off' || status.phase === 'paused') return
        await stopPass()
        startPass('continue')
      })
    },

    pause: () =>
      serially(async () => {
        if (closed || status.phase === 'off') return status
        await stopPass()
        update({ phase: 'paused', remainingMs: null, lastError: null })
        return status
      }),

    resume: () =>
      serially(async () => {
        if (!closed && status.phase !== 'off' && !pass) startPass('continue')
        return status
      }),

    settingsChanged: () =>
      serially(async () => {
        const settings = options.settings()
        const spanChanged = settings.days !== days
        days = settings.days
        if (closed) return status
        if (!settings.enabled) {
          await stopPass()
          if (status.phase !== 'off') update({ phase: 'off', remainingMs: null, lastError: null })
        } else if (status.phase === 'off') {
          startPass('anew')
        } else if (spanChanged && pass) {
          await stopPass()
          startPass('anew')
        } else if (spanChanged) {
          // The next pass counts over the new span: figures from the old one do not carry.
          runOpen = false
        }
        return status
      }),

    async fetchNow(id) {
      const current = fetches.get(id)
      if (current) return current.state
      const target = await account()
      const listed = await target.listed(id)
      if (!listed) throw new ConversationNotArchivedError(id)
      // Another call for the same id may have started while this one looked it up.
      const started = fetches.get(id)
      if (started) return started.state
      if (closed) return { id, phase: 'failed', error: new SyncCancelledError() }
      const controller = new AbortController()
      const state: TranscriptFetchState = { id, phase: 'fetching', error: null }
      options.onFetch(state)
      const ended = fetchOne(target, id, listed, controller.signal).finally(() =>
        fetches.delete(id)
      )
      fetches.set(id, { state, controller, ended })
      return state
    },

    close: () => {
      closed = true
      for (const { controller } of fetches.values()) controller.abort()
      return serially(async () => {
        await stopPass()
        await Promise.all([...fetches.values()].map(({ ended }) => ended))
      })
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
