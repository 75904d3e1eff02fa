import { createApiClient, type ApiClient } from '../../api/client'
import { createRatePacer, type RatePacer } from '../../api/ratePacer'
import type { Archive } from '../../archive/archive'
import { openArchive } from '../../archive/openArchive'
import { createInlineWriter } from '../../sync/archiveWriter'
import { syncArchive } from '../../sync/syncArchive'
import { SOURCE_WRITER_ENTRY } from '../../sync/writerEntry'
import { backfillTranscripts, type BackfillSummary } from '../../transcripts/backfillTranscripts'
import { resolveTarget, type CliEnvironment } from '../cliContext'
import {
  formatBackfillProgress,
  formatBackfillSummary,
  formatProgress,
  formatSyncSummary
} from '../formatText'
import type { ParsedCommand } from '../parseCommandLine'
import { progressReporter, type Report } from '../progressReporter'

type SyncCommand = Extract<ParsedCommand, { name: 'sync' }>
export async function runSyncCommand(
  command: SyncCommand,
  context: CliEnvironment,
  signal: AbortSignal
): Promise<void> {
  const { values } = command
  const target = resolveTarget(values, context)
  const baseUrl = target.baseUrl()
  const apiKey = await target.apiKey()
  const report = progressReporter(context.stderr)
  // The list and the transcripts spend one budget; the backfill reads its limit for the estimate.
  const pacer = createRatePacer()
  const client = createApiClient({
    apiKey,
    baseUrl,
    pacer,
    onRetry: (notice) =>
      report(
        `retrying in ${(notice.delayMs / 1000).toFixed(1)} s (${notice.reason}, attempt ${notice.attempt})`,
        true
      )
  })
  const archive = openArchive(target.archivePath())
  try {
    let lastLine = ''
    const summary = await syncArchive({
      archive,
      client,
      mode: values.quick ? 'quick' : 'full',
      signal,
      writerEntry: SOURCE_WRITER_ENTRY,
      onProgress: (progress) => {
        lastLine = formatProgress(progress)
        report(lastLine)
      }
    })
    if (lastLine) report(lastLine, true)
    context.stderr.write(`${formatSyncSummary(summary)}\n`)
    const transcripts = values.messages
      ? await fetchTranscripts(archive, client, pacer, signal, report)
      : null
    context.stderr.write(transcripts ? `${formatBackfillSummary(transcripts)}\n` : '')
    if (values.json) {
      const json = transcripts
        ? { ...summary, transcripts: transcriptCounts(transcripts) }
        : summary
      context.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
    }
  } finally {
    archive.close()
  }
}

/**
 * The missing and stale transcripts, newest first. Written on this thread: it has nothing else
 * to answer, and each transcript is committed before the next request, so a run killed at any
 * point loses at most the one in flight and the next run goes on from there.
 */
async function fetchTranscripts(
  archive: Archive,
  client: ApiClient,
  pacer: RatePacer,
  signal: AbortSignal,
  report: Report
): Promise<BackfillSummary> {
  const writer = createInlineWriter(archive)
  let lastLine = ''
  try {
    return await backfillTranscripts({
      writer,
      client,
      pacer,
      signal,
      onProgress: (progress) => {
        lastLine = formatBackfillProgress(progress)
        report(lastLine)
      }
    })
  } finally {
    if (lastLine) report(lastLine, true)
    await writer.close()
  }
}

function transcriptCounts(s: BackfillSummary): {
  fetched: number
  not_found: number
  failed: number
  remaining: number
} {
  return { fetched: s.fetched, not_found: s.notFound, failed: s.failed, remaining: s.remaining }
}
