import { createApiClient } from '../../api/client'
import { openArchive } from '../../archive/openArchive'
import { syncArchive } from '../../sync/syncArchive'
import { SOURCE_WRITER_ENTRY } from '../../sync/writerEntry'
import {
  resolveApiKey,
  resolveArchivePath,
  resolveBaseUrl,
  type CliEnvironment
} from '../cliContext'
import { formatProgress, formatSyncSummary } from '../formatText'
import type { ParsedCommand } from '../parseCommandLine'

type SyncCommand = Extract<ParsedCommand, { name: 'sync' }>

/** Progress lines on stderr: rewritten in place on a terminal, at most one a second otherwise. */
function progressReporter(
  stderr: CliEnvironment['stderr']
): (line: string, final?: boolean) => void {
  let lastPrinted = 0
  let lastLine = ''
  return (line, final = false) => {
    if (stderr.isTTY) {
      stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`)
    } else if (line !== lastLine && (final || Date.now() - lastPrinted >= 1000)) {
      // Off a terminal every line stays, so the same line is never written twice.
      stderr.write(`${line}\n`)
      lastPrinted = Date.now()
      lastLine = line
    }
  }
}

export async function runSyncCommand(
  command: SyncCommand,
  context: CliEnvironment,
  signal: AbortSignal
): Promise<void> {
  const { values } = command
  const baseUrl = resolveBaseUrl(values, context.env)
  const apiKey = await resolveApiKey(baseUrl, context)
  const report = progressReporter(context.stderr)
  const client = createApiClient({
    apiKey,
    baseUrl,
    onRetry: (notice) =>
      report(
        `retrying in ${(notice.delayMs / 1000).toFixed(1)} s (${notice.reason}, attempt ${notice.attempt})`,
        true
      )
  })
  const archive = openArchive(resolveArchivePath(values, context.env))
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
    if (values.json) context.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
  } finally {
    archive.close()
  }
}
