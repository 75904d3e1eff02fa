import { resolve } from 'node:path'
import { UsageError } from '../../errors'
import { exportConversations } from '../../export/exportConversations'
import { exportToFile } from '../../export/exportToFile'
import type { ExportFormat, ExportProgress, ExportRequest } from '../../export/exportTypes'
import { resolveTarget, type CliEnvironment } from '../cliContext'
import type { ParsedCommand } from '../parseCommandLine'
import { progressReporter } from '../progressReporter'
import { readArchive } from '../readArchive'
import { streamSink } from '../writeStream'
import { searchQueryFromFlags } from './archiveCommands'

type ExportCommand = Extract<ParsedCommand, { name: 'export' }>

const FORMATS: readonly ExportFormat[] = ['csv', 'jsonl']

function parseFormat(value: string | undefined): ExportFormat {
  const format = FORMATS.find((f) => f === value)
  if (!format) {
    throw new UsageError(
      value === undefined
        ? 'export needs --format csv or --format jsonl.'
        : `--format takes csv or jsonl, not "${value}".`
    )
  }
  return format
}

function requestFrom(values: ExportCommand['values']): ExportRequest {
  const { limit, ...filter } = searchQueryFromFlags(values)
  if (limit !== undefined && limit < 1) {
    throw new UsageError('--limit takes a whole number of at least 1.')
  }
  const format = parseFormat(values.format)
  const transcripts = values.transcripts ?? false
  if (format === 'csv' && transcripts && values.out === undefined) {
    throw new UsageError(
      'A CSV export with --transcripts needs --out FILE: the transcripts go to a folder beside it.'
    )
  }
  return { filter, format, limit: limit ?? null, transcripts }
}

function progressLine(progress: ExportProgress): string {
  const done = progress.done.toLocaleString('en')
  if (progress.phase === 'counting') return `export: reading the columns, ${done} rows`
  const total = progress.total === null ? '' : ` of ${progress.total.toLocaleString('en')}`
  return `export: ${done}${total} rows written`
}

/**
 * `export`: the conversations the search filters admit (every one without filters), newest
 * first, as CSV or JSON Lines, to stdout or to a file that is complete or absent.
 */
export async function runExportCommand(
  command: ExportCommand,
  context: CliEnvironment,
  signal: AbortSignal
): Promise<void> {
  const { values } = command
  const request = requestFrom(values)
  await readArchive(resolveTarget(values, context).archivePath(), async (archive) => {
    if (values.out === undefined) {
      await exportConversations(archive, request, { sink: streamSink(context.stdout), signal })
      return
    }
    const report = progressReporter(context.stderr)
    let last: ExportProgress | null = null
    const summary = await exportToFile(archive, request, {
      path: resolve(values.out),
      signal,
      onProgress: (progress) => {
        last = progress
        report(progressLine(progress))
      }
    })
    if (last) report(progressLine(last), true)
    const transcripts =
      summary.transcriptsDir !== null
        ? `, and ${summary.transcripts.toLocaleString('en')} transcripts to ${summary.transcriptsDir}`
        : request.transcripts
          ? `, ${summary.transcripts.toLocaleString('en')} with their transcript`
          : ''
    context.stderr.write(
      `Exported ${summary.rows.toLocaleString('en')} conversations to ${summary.path}${transcripts}.\n`
    )
  })
}
