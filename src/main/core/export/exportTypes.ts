import { CoreError } from '../errors'
import type { ConversationFilter } from './conversationPages'

export type ExportFormat = 'csv' | 'jsonl'

/** What to export: the rows a search's filters admit (all of them for `{}`), in one format. */
export interface ExportRequest {
  filter: ConversationFilter
  format: ExportFormat
  /** At most this many rows, newest first; null or absent for every row. */
  limit?: number | null
  /**
   * Add the archived transcripts: a `transcript` field on each JSON line, or for CSV one text
   * file per conversation in a folder beside the file.
   */
  transcripts?: boolean
}

/**
 * Where an export stands. A CSV export first walks the rows for their variable keys
 * ('counting', total not yet known); then 'writing', with the total when known.
 */
export interface ExportProgress {
  phase: 'counting' | 'writing'
  done: number
  total: number | null
}

export interface ExportSummary {
  rows: number
  /** Transcripts written (conversations without an archived one have none). */
  transcripts: number
}

/** An export was cancelled through its AbortSignal; nothing of it is left on disk. */
export class ExportCancelledError extends CoreError {
  constructor() {
    super('Export cancelled.')
  }
}

/** Where the text of an export goes, a chunk at a time; each write resolves once taken. */
export interface TextSink {
  write(text: string): Promise<void>
}

/** Where an export's transcript files go: one file per conversation, by name. */
export interface FileFolder {
  write(name: string, text: string): Promise<void>
}
