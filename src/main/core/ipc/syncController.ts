import type { SyncStatus } from '../../../shared/ipc/contract'
import type { ApiClient } from '../api/client'
import type { Archive } from '../archive/archive'
import type { ArchiveWriter } from '../sync/archiveWriter'
import { syncArchive } from '../sync/syncArchive'
import type { SyncMode, SyncProgress } from '../../../shared/model/sync'
import { toIpcError } from './toIpcError'

export interface SyncController {
  status(): SyncStatus
  /**
   * Starts a sync unless one runs; answers the status at once either way. It writes through
   * `writer`, the archive's long-lived one (shared with the transcript backfill), and leaves it
   * open; pages are fetched while it starts.
   */
  start(
    mode: SyncMode,
    archive: Archive,
    client: ApiClient,
    writer: Promise<ArchiveWriter>
  ): SyncStatus
  /** Aborts a running sync and resolves once it has stopped. */
  cancel(): Promise<SyncStatus>
  setNextSyncAt(at: string | null): void
  /** Resolves when the running sync (if any) has ended. */
  settled(): Promise<void>
}

export interface SyncControllerOptions {
  onStatus: (status: SyncStatus) => void
  /** Called after every sync ends, successful or not (the schedule restarts from there). */
  onEnded?: (succeeded: boolean) => void
  now?: () => Date
}

/**
 * One sync at a time, with its status for the renderer. A cancelled sync ends `idle` with
 * lastError code 'cancelled': the person asked for it, and the UI can say so rather than
 * pretending the last sync succeeded.
 */
/** Every change of every account's sync, counted across the process (see SyncStatus.seq). */
let changes = 0

export function createSyncController(options: SyncControllerOptions): SyncController {
  let status: SyncStatus = {
    seq: changes,
    phase: 'idle',
    mode: null,
    progress: null,
    fraction: null,
    lastSummary: null,
    lastError: null,
    lastSyncAt: null,
    online: true,
    nextSyncAt: null
  }
  let abort: AbortController | null = null
  let running: Promise<void> = Promise.resolve()

  function update(patch: Partial<SyncStatus>): void {
    changes += 1
    status = { ...status, ...patch, seq: changes }
    options.onStatus(status)
  }

  /** The status as it is now, read now: newer than every change sent before it. */
  function current(): SyncStatus {
    return { ...status, seq: changes }
  }

  function expectedRows(archive: Archive, mode: SyncMode): number | null {
    if (mode !== 'full' || archive.syncHistory().lastCompleteCrawlAt === null) return null
    const counts = archive.counts()
    const live = counts.total - counts.removed
    return live > 0 ? live : null
  }

  async function run(
    mode: SyncMode,
    archive: Archive,
    client: ApiClient,
    writer: Promise<ArchiveWriter>,
    signal: AbortSignal
  ): Promise<void> {
    let succeeded = false
    const expected = expectedRows(archive, mode)
    const onProgress = (progress: SyncProgress): void =>
      update({
        progress,
        fraction: expected === null ? null : Math.min(1, progress.rows / expected),
        online: true
      })
    try {
      const summary = await syncArchive({
        archive,
        client,
        mode,
        signal,
        onProgress,
        writer
      })
      update({
        phase: 'idle',
        progress: null,
        fraction: null,
        lastSummary: summary,
        lastError: null,
        lastSyncAt: summary.finishedAt,
        online: true
      })
      succeeded = true
    } catch (error) {
      const info = signal.aborted
        ? { code: 'cancelled' as const, message: 'Sync cancelled.' }
        : toIpcError(error)
      update({
        phase: 'idle',
        progress: null,
        fraction: null,
        lastError: info,
        online: info.code === 'offline' ? false : status.online
      })
    } finally {
      abort = null
      options.onEnded?.(succeeded)
    }
  }

  return {
    status: current,
    start(mode, archive, client, writer) {
      if (abort) return current()
      abort = new AbortController()
      update({ phase: 'running', mode, progress: null, fraction: null })
      running = run(mode, archive, client, writer, abort.signal)
      return current()
    },
    async cancel() {
      if (!abort) return current()
      update({ phase: 'cancelling' })
      abort.abort()
      await running
      return current()
    },
    setNextSyncAt(at) {
      if (status.nextSyncAt !== at) update({ nextSyncAt: at })
    },
    settled: () => running
  }
}
