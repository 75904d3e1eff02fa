import { openArchive } from '../../archive/openArchive'
import type { Archive } from '../../archive/archive'
import { CoreError, UsageError } from '../../errors'
import type { RemovedFilter, SearchQuery } from '../../types'
import { resolveArchivePath, type CliEnvironment } from '../cliContext'
import { formatTranscriptText, transcriptJson } from '../../../../shared/transcriptFormat'
import { formatConversation, formatStats } from '../formatText'
import type { ParsedCommand } from '../parseCommandLine'
import { containsNul, NUL_PROBLEM } from '../../../../shared/nulCharacter'
import { existsSync } from 'node:fs'

type Command<N extends ParsedCommand['name']> = Extract<ParsedCommand, { name: N }>

function withArchive<T>(
  values: { db?: string; 'base-url'?: string },
  context: CliEnvironment,
  use: (archive: Archive) => T
): T {
  const file = resolveArchivePath(values, context.env)
  if (!existsSync(file)) {
    throw new CoreError(`No archive at ${file} yet: run "sync" first, or pass --db FILE.`)
  }
  const archive = openArchive(file, { readonly: true })
  try {
    return use(archive)
  } finally {
    archive.close()
  }
}

function print(
  context: CliEnvironment,
  json: boolean | undefined,
  value: unknown,
  text: string
): void {
  context.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`)
}

const REMOVED_FILTERS: readonly RemovedFilter[] = ['include', 'exclude', 'only']

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`--limit takes a whole number, not "${value}".`)
  return Number(value)
}

function parseRemoved(value: string | undefined): RemovedFilter | undefined {
  if (value === undefined) return undefined
  const filter = REMOVED_FILTERS.find((f) => f === value)
  if (!filter) throw new UsageError(`--removed takes include, exclude or only, not "${value}".`)
  return filter
}

export function searchQueryFromFlags(values: Command<'search'>['values']): SearchQuery {
  for (const [flag, value] of Object.entries(values)) {
    if (typeof value === 'string' && containsNul(value)) {
      throw new UsageError(`--${flag} ${NUL_PROBLEM}.`)
    }
  }
  return {
    phone: values.phone,
    type: values.type,
    assistantId: values['assistant-id'],
    senderPhone: values['sender-phone'],
    externalId: values['external-id'],
    text: values.text,
    createdFrom: values.from,
    createdTo: values.to,
    removed: parseRemoved(values.removed),
    limit: parseLimit(values.limit)
  }
}

export function runShowCommand(command: Command<'show'>, context: CliEnvironment): void {
  withArchive(command.values, context, (archive) => {
    const conversation = archive.get(command.id)
    if (!conversation)
      throw new CoreError(`No conversation with id "${command.id}" in the archive.`)
    print(context, command.values.json, conversation, formatConversation(conversation))
  })
}

export function runHistoryCommand(command: Command<'history'>, context: CliEnvironment): void {
  withArchive(command.values, context, (archive) => {
    const transcript = archive.transcript(command.id)
    if (!transcript) {
      throw new CoreError(`No conversation with id "${command.id}" in the archive.`)
    }
    const text = formatTranscriptText(transcript).trimEnd()
    print(context, command.values.json, transcriptJson(transcript), text)
  })
}

export function runStatsCommand(command: Command<'stats'>, context: CliEnvironment): void {
  withArchive(command.values, context, (archive) => {
    const stats = archive.stats()
    const json = {
      total: stats.total,
      total_cost: stats.total_cost,
      by_type: stats.by_type,
      by_assistant: stats.by_assistant,
      removed: stats.removed
    }
    print(context, command.values.json, json, formatStats(stats))
  })
}
