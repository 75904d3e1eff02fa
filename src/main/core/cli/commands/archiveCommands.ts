import { CoreError, UsageError } from '../../errors'
import type { RemovedFilter, SearchQuery } from '../../types'
import { resolveTarget, type CliEnvironment } from '../cliContext'
import { formatTranscriptText, transcriptJson } from '../../../../shared/transcriptFormat'
import { formatConversation, formatInsights } from '../formatText'
import type { ParsedCommand } from '../parseCommandLine'
import { containsNul, NUL_PROBLEM } from '../../../../shared/nulCharacter'
import { withArchive } from '../readArchive'

type Command<N extends ParsedCommand['name']> = Extract<ParsedCommand, { name: N }>

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
  withArchive(resolveTarget(command.values, context).archivePath(), (archive) => {
    const conversation = archive.get(command.id)
    if (!conversation)
      throw new CoreError(`No conversation with id "${command.id}" in the archive.`)
    print(context, command.values.json, conversation, formatConversation(conversation))
  })
}

export function runHistoryCommand(command: Command<'history'>, context: CliEnvironment): void {
  withArchive(resolveTarget(command.values, context).archivePath(), (archive) => {
    const transcript = archive.transcript(command.id)
    if (!transcript) {
      throw new CoreError(`No conversation with id "${command.id}" in the archive.`)
    }
    const text = formatTranscriptText(transcript).trimEnd()
    print(context, command.values.json, transcriptJson(transcript), text)
  })
}

/**
 * The dashboard's figures for the filters, so the two agree. JSON: the documented totals, then
 * by_day (UTC days with conversations, oldest first), by_period (every day, week or month of
 * the range, as the dashboard's bars) and the rest of what the dashboard shows.
 */
export function runStatsCommand(command: Command<'stats'>, context: CliEnvironment): void {
  const query = searchQueryFromFlags(command.values)
  withArchive(resolveTarget(command.values, context).archivePath(), (archive) => {
    const figures = archive.insights(query)
    const json = {
      total: figures.total,
      total_cost: figures.total_cost,
      removed: figures.removed,
      by_type: figures.by_type,
      by_type_cost: figures.by_type_cost,
      by_assistant: figures.by_assistant,
      by_day: figures.by_day,
      from: figures.from,
      to: figures.to,
      unit: figures.unit,
      by_period: figures.by_period,
      by_sender: figures.by_sender,
      top_customers: figures.top_customers,
      ai_enabled: figures.ai_enabled,
      ai_enabled_share: figures.ai_enabled_share,
      average_messages: figures.average_messages
    }
    print(context, command.values.json, json, formatInsights(figures))
  })
}
