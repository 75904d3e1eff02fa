import type { ExportInput, ExportStatus, IpcErrorInfo } from '../../../shared/ipc/contract'
import { runExport } from '../export/runExport'
import { ExportCancelledError, type ExportProgress } from '../export/exportTypes'
import type { EventSink } from './eventSink'
import { whyNotWritten } from './fileErrors'
import type { Implementations } from './handlerTable'
import { IpcFailure, toIpcError } from './toIpcError'

/** Progress events at most this often: a person reads a few a second, the window needs no more. */
const PROGRESS_INTERVAL_MS = 150

export const IDLE_EXPORT: ExportStatus = {
  phase: 'idle',
  format: null,
  step: null,
  done: 0,
  total: null,
  path: null,
  transcriptsDir: null,
  error: null
}

export interface ExportHandlerDeps {
  /** The current account's archive file; the export reads it on a connection of its own. */
  archiveFile(): Promise<string>
  /** Asks where to save a file, offering this name; null when the person cancelled. */
  chooseSavePath?: (defaultName: string) => Promise<string | null>
  emit: EventSink
  /** The export thread's program (exportWorker.ts, or the app's bundle of it). */
  exportEntry?: string
  now?: () => Date
}

export interface ExportHandlers {
  implementations: Implementations<'startExport' | 'cancelExport'>
  /** Cancels a running export and waits until what it wrote is removed. */
  dispose(): Promise<void>
}

/** Why an export stopped, as a code and a sentence: file errors in the file system's words. */
function exportError(error: unknown, path: string): IpcErrorInfo {
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return {
      code: 'file',
      message: `The export could not be saved to ${path}: ${whyNotWritten(error)}.`
    }
  }
  return toIpcError(error)
}

/** The export channels: one export at a time, on its own thread, with progress and cancel. */
export function createExportHandlers(deps: ExportHandlerDeps): ExportHandlers {
  let status: ExportStatus = IDLE_EXPORT
  let running: { controller: AbortController; done: Promise<void> } | null = null
  let lastProgressAt = 0

  function update(next: ExportStatus): ExportStatus {
    status = next
    deps.emit('exportStatus', status)
    return status
  }

  function progressed(progress: ExportProgress): void {
    const now = Date.now()
    const finished = progress.total !== null && progress.done >= progress.total
    if (!finished && now - lastProgressAt < PROGRESS_INTERVAL_MS) return
    lastProgressAt = now
    if (status.phase !== 'running') return
    update({ ...status, step: progress.phase, done: progress.done, total: progress.total })
  }

  function start(input: ExportInput, file: string, path: string): ExportStatus {
    const controller = new AbortController()
    lastProgressAt = 0
    const begun = update({
      ...IDLE_EXPORT,
      phase: 'running',
      format: input.format,
      step: input.format === 'csv' ? 'counting' : 'writing',
      path
    })
    const done = runExport({
      file,
      request: { filter: input.query, format: input.format, transcripts: input.transcripts },
      path,
      entry: deps.exportEntry,
      signal: controller.signal,
      onProgress: progressed
    }).then(
      (summary) => {
        update({
          ...status,
          phase: 'done',
          step: 'writing',
          done: summary.rows,
          total: summary.rows,
          transcriptsDir: summary.transcriptsDir
        })
      },
      (error: unknown) => {
        if (error instanceof ExportCancelledError) update({ ...status, phase: 'cancelled' })
        else update({ ...status, phase: 'failed', error: exportError(error, path) })
      }
    )
    running = {
      controller,
      done: done.finally(() => {
        running = null
      })
    }
    return begun
  }

  return {
    implementations: {
      async startExport(input) {
        if (running) return status
        if (!deps.chooseSavePath) {
          throw new IpcFailure({ code: 'file', message: 'Saving files is not possible here.' })
        }
        const file = await deps.archiveFile()
        const day = (deps.now?.() ?? new Date()).toISOString().slice(0, 10)
        const path = await deps.chooseSavePath(`conversations-${day}.${input.format}`)
        // The dialog waits for a person: another export may have started meanwhile.
        if (running) return status
        if (path === null) return update(IDLE_EXPORT)
        return start(input, file, path)
      },
      async cancelExport() {
        if (!running) return status
        running.controller.abort()
        return update({ ...status, phase: 'cancelling' })
      }
    },
    async dispose() {
      running?.controller.abort()
      await running?.done
    }
  }
}
