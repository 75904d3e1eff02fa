import type { ThreadFailure } from '../threads/threadMessages'
import type { FileExportSummary } from './exportToFile'
import type { ExportProgress, ExportRequest } from './exportTypes'

/** What the export thread is started with: the archive to read, what to export, and where. */
export interface ExportWorkerData {
  file: string
  request: ExportRequest
  path: string
}

/** The one message the export thread takes: stop, removing what was written. */
export interface ExportCancel {
  type: 'cancel'
}

/** What the export thread reports: progress as it goes, then how it ended. */
export type ExportReport =
  | { type: 'progress'; progress: ExportProgress }
  | { type: 'done'; summary: FileExportSummary }
  | ({ type: 'failed'; cancelled: boolean } & ThreadFailure)
