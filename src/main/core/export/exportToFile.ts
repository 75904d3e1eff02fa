import { extname } from 'node:path'
import { openAtomicFile, openAtomicFolder, type AtomicOutput } from './atomicOutput'
import { exportConversations, type ExportSource } from './exportConversations'
import type { ExportProgress, ExportRequest, ExportSummary, FileFolder } from './exportTypes'

export interface FileExportOptions {
  /** The file to write; it is complete or absent (or as it was), never half written. */
  path: string
  signal?: AbortSignal
  onProgress?: (progress: ExportProgress) => void
}

export interface FileExportSummary extends ExportSummary {
  path: string
  /** The folder of transcript text files beside a CSV file; null when there is none. */
  transcriptsDir: string | null
}

/** Where a CSV export's transcripts go: `calls.csv` → `calls-transcripts/`, beside it. */
export function transcriptsDirFor(path: string): string {
  const extension = extname(path)
  return `${extension ? path.slice(0, -extension.length) : path}-transcripts`
}

/**
 * Exports into a file (and for CSV with transcripts, a folder beside it). Both are written
 * under temporary names and renamed into place at the end, the folder first, so a finished file
 * means a finished export; a failure or a cancel removes what was written.
 */
export async function exportToFile(
  source: ExportSource,
  request: ExportRequest,
  options: FileExportOptions
): Promise<FileExportSummary> {
  const transcriptsDir =
    request.format === 'csv' && request.transcripts ? transcriptsDirFor(options.path) : null
  const outputs: AtomicOutput<unknown>[] = []
  try {
    const file = await openAtomicFile(options.path)
    outputs.push(file)
    let folder: AtomicOutput<FileFolder> | null = null
    if (transcriptsDir !== null) {
      folder = await openAtomicFolder(transcriptsDir)
      outputs.push(folder)
    }
    const summary = await exportConversations(source, request, {
      sink: file.target,
      transcriptFolder: folder?.target,
      signal: options.signal,
      onProgress: options.onProgress
    })
    await folder?.commit()
    await file.commit()
    return { ...summary, path: options.path, transcriptsDir }
  } catch (error) {
    await Promise.all(outputs.map((output) => output.discard()))
    throw error
  }
}
