import { setImmediate as nextTurn } from 'node:timers/promises'
import { stringify } from 'csv-stringify/sync'
import type { Archive } from '../archive/archive'
import type { ArchivedTranscript } from '../types'
import {
  formatTranscriptText,
  transcriptFileName,
  transcriptJson,
  type TranscriptJson
} from '../../../shared/transcriptFormat'
import { conversationPages, type ConversationFilter } from './conversationPages'
import { csvLayout, type CsvCell } from './csvColumns'
import {
  ExportCancelledError,
  type ExportProgress,
  type ExportRequest,
  type ExportSummary,
  type FileFolder,
  type TextSink
} from './exportTypes'

/** What an export reads: any archive connection, never the one that answers typing. */
export type ExportSource = Pick<Archive, 'search' | 'count' | 'transcript'>

export interface ExportTargets {
  sink: TextSink
  /** For CSV with transcripts: where their text files go. */
  transcriptFolder?: FileFolder
  signal?: AbortSignal
  onProgress?: (progress: ExportProgress) => void
}

// RFC 4180: CRLF between records, and a field holding a line break is quoted (csv-stringify
// quotes delimiters and quotes by itself, but not a lone \n or \r under a CRLF delimiter).
const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const

function csv(records: CsvCell[][]): string {
  return stringify(records, CSV_OPTIONS)
}

/**
 * Checks for a cancel between pages. The wait for the next turn of the event loop is what lets
 * a cancel (a signal, a thread's message) arrive while pages are read synchronously.
 */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  await nextTurn()
  if (signal?.aborted) throw new ExportCancelledError()
}

function archived(transcript: ArchivedTranscript | null): transcript is ArchivedTranscript {
  return transcript !== null && transcript.fetched_at !== null
}

interface FirstPass {
  keys: string[]
  rows: number
  /**
   * The second pass's filter: the first's, bounded by the newest row the first pass saw, so a
   * conversation a sync adds meanwhile (newer than any there was) is in neither pass.
   */
  filter: ConversationFilter
}

/**
 * The first pass of a CSV export: the variable keys of every row the filter admits, so each has
 * a column, and the row count. Only the keys are kept, never the rows.
 */
async function variableKeysOf(
  source: ExportSource,
  request: ExportRequest,
  targets: ExportTargets
): Promise<FirstPass> {
  const keys = new Set<string>()
  let rows = 0
  let newest: string | null = null
  for (const page of conversationPages(source, request.filter, request.limit)) {
    newest ??= page.conversations[0]?.created_at ?? null
    for (const conversation of page.conversations) {
      for (const key of Object.keys(conversation.variables ?? {})) keys.add(key)
    }
    rows += page.conversations.length
    targets.onProgress?.({ phase: 'counting', done: rows, total: null })
    await checkpoint(targets.signal)
  }
  // An instant as the bound: the rows up to and including it (a bare date would be a whole day).
  const filter = newest === null ? request.filter : { ...request.filter, createdTo: newest }
  return { keys: [...keys].sort(), rows, filter }
}

async function exportCsv(
  source: ExportSource,
  request: ExportRequest,
  targets: ExportTargets
): Promise<ExportSummary> {
  const { keys, rows: total, filter } = await variableKeysOf(source, request, targets)
  const layout = csvLayout(keys)
  await targets.sink.write(csv([layout.header()]))
  let rows = 0
  let transcripts = 0
  targets.onProgress?.({ phase: 'writing', done: 0, total })
  for (const page of conversationPages(source, filter, request.limit)) {
    await targets.sink.write(csv(page.conversations.map(layout.record)))
    if (request.transcripts && targets.transcriptFolder) {
      for (const conversation of page.conversations) {
        const transcript = source.transcript(conversation.id)
        if (!archived(transcript)) continue
        await targets.transcriptFolder.write(
          transcriptFileName(conversation.id, 'text'),
          formatTranscriptText(transcript)
        )
        transcripts++
      }
    }
    rows += page.conversations.length
    targets.onProgress?.({ phase: 'writing', done: rows, total })
    await checkpoint(targets.signal)
  }
  return { rows, transcripts }
}

/** A transcript as a JSON line holds it; null where none is archived. */
function transcriptField(
  transcript: ArchivedTranscript | null
): Pick<TranscriptJson, 'fetched_at' | 'messages'> | null {
  if (!archived(transcript)) return null
  const { fetched_at, messages } = transcriptJson(transcript)
  return { fetched_at, messages }
}

async function exportJsonLines(
  source: ExportSource,
  request: ExportRequest,
  targets: ExportTargets
): Promise<ExportSummary> {
  // A count is one indexed pass that reads no row: cheap beside the export, and it gives the
  // progress its total.
  const counted = source.count(request.filter, request.limit ?? Number.MAX_SAFE_INTEGER)
  let rows = 0
  let transcripts = 0
  targets.onProgress?.({ phase: 'writing', done: 0, total: counted })
  for (const page of conversationPages(source, request.filter, request.limit)) {
    // One conversation per line, exactly as the CLI's JSON has it: no value is reshaped.
    const lines = page.conversations.map((conversation) => {
      if (!request.transcripts) return `${JSON.stringify(conversation)}\n`
      const transcript = transcriptField(source.transcript(conversation.id))
      if (transcript) transcripts++
      return `${JSON.stringify({ ...conversation, transcript })}\n`
    })
    await targets.sink.write(lines.join(''))
    rows += page.conversations.length
    targets.onProgress?.({ phase: 'writing', done: rows, total: counted })
    await checkpoint(targets.signal)
  }
  return { rows, transcripts }
}

/**
 * Streams the conversations a filter admits, newest first, into `targets.sink` as CSV (RFC
 * 4180, UTF-8, a header row, text cells guarded against formulas) or JSON Lines (one
 * conversation per line, exactly as archived). A page of rows at a time: memory stays flat
 * however many rows there are. Throws ExportCancelledError when the signal aborts.
 */
export async function exportConversations(
  source: ExportSource,
  request: ExportRequest,
  targets: ExportTargets
): Promise<ExportSummary> {
  if (targets.signal?.aborted) throw new ExportCancelledError()
  return request.format === 'csv'
    ? exportCsv(source, request, targets)
    : exportJsonLines(source, request, targets)
}
