import { openArchive } from '../archive/openArchive'
import { CoreError, UsageError } from '../errors'
import { createWorker } from '../threads/startThread'
import type { ExportCancel, ExportReport, ExportWorkerData } from './exportMessages'
import { exportToFile, type FileExportSummary } from './exportToFile'
import { ExportCancelledError, type ExportProgress, type ExportRequest } from './exportTypes'

export interface ExportRun {
  /** The archive file to read; the export opens a read-only connection of its own. */
  file: string
  request: ExportRequest
  /** Where the file goes: complete or absent, never half written. */
  path: string
  /**
   * The export thread's program (exportWorker.ts, or the app's bundle of it), so the export
   * holds up neither this thread nor the window's reader. Without it, it runs on this thread,
   * a page at a time between turns of the event loop.
   */
  entry?: string
  signal?: AbortSignal
  onProgress?: (progress: ExportProgress) => void
}

/** A file error keeps its code (ENOSPC, EACCES), so the caller can say why in plain words. */
class ExportFailedError extends CoreError {
  constructor(
    message: string,
    readonly code: string | undefined
  ) {
    super(message)
  }
}

function toError(report: Extract<ExportReport, { type: 'failed' }>): Error {
  if (report.cancelled) return new ExportCancelledError()
  if (report.usage) return new UsageError(report.message)
  return new ExportFailedError(report.message, report.code)
}

function onThread(run: ExportRun & { entry: string }): Promise<FileExportSummary> {
  const data: ExportWorkerData = { file: run.file, request: run.request, path: run.path }
  const worker = createWorker(run.entry, data)
  const cancel = (): void => worker.postMessage({ type: 'cancel' } satisfies ExportCancel)
  if (run.signal?.aborted) cancel()
  run.signal?.addEventListener('abort', cancel, { once: true })
  return new Promise<FileExportSummary>((resolve, reject) => {
    worker.on('message', (report: ExportReport) => {
      if (report.type === 'progress') run.onProgress?.(report.progress)
      else if (report.type === 'done') resolve(report.summary)
      else reject(toError(report))
    })
    worker.on('error', (error) => reject(new CoreError(`The export failed: ${error.message}`)))
    // After done or failed this changes nothing; before, the thread died (out of memory).
    worker.on('exit', (code) =>
      reject(new CoreError(`The export stopped before it ended (exit code ${code}).`))
    )
  }).finally(() => run.signal?.removeEventListener('abort', cancel))
}

async function inline(run: ExportRun): Promise<FileExportSummary> {
  const archive = openArchive(run.file, { readonly: true })
  try {
    return await exportToFile(archive, run.request, run)
  } finally {
    archive.close()
  }
}

/**
 * Runs one export to a file on a read-only connection of its own, never the one that answers
 * the window's searches: on a thread when given its program, else on this thread.
 */
export function runExport(run: ExportRun): Promise<FileExportSummary> {
  return run.entry ? onThread({ ...run, entry: run.entry }) : inline(run)
}
