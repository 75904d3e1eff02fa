import { DEFAULT_LIMIT } from '../../archive/searchFilters'
import { UsageError } from '../../errors'
import { conversationPages } from '../../export/conversationPages'
import type { Conversation } from '../../types'
import type { CliEnvironment } from '../cliContext'
import { conversationTable } from '../formatText'
import type { ParsedCommand } from '../parseCommandLine'
import { readArchive } from '../readArchive'
import { streamSink } from '../writeStream'
import { searchQueryFromFlags } from './archiveCommands'

type SearchCommand = Extract<ParsedCommand, { name: 'search' }>

/** An element of `JSON.stringify(array, null, 2)`, as it stands inside the array. */
function arrayElement(conversation: Conversation): string {
  return `  ${JSON.stringify(conversation, null, 2).replace(/\n/g, '\n  ')}`
}

/**
 * `search`: the matches, newest first, as a table or a JSON array. Any number of them: they are
 * read and written a page at a time, so `--limit 1000000` streams rather than waits.
 */
export async function runSearchCommand(
  command: SearchCommand,
  context: CliEnvironment
): Promise<void> {
  const { limit = DEFAULT_LIMIT, ...filter } = searchQueryFromFlags(command.values)
  if (limit < 1) throw new UsageError('--limit takes a whole number of at least 1.')
  const json = command.values.json ?? false
  await readArchive(command.values, context, async (archive) => {
    const out = streamSink(context.stdout)
    const table = conversationTable()
    let rows = 0
    for (const page of conversationPages(archive, filter, limit)) {
      const text = json
        ? page.conversations.map(arrayElement).join(',\n')
        : table.page(page.conversations, page.snippets).join('\n')
      // The same text as JSON.stringify of the whole array, which it was before rows streamed.
      const opening = json ? (rows === 0 ? '[\n' : ',\n') : ''
      await out.write(`${opening}${text}${json ? '' : '\n'}`)
      rows += page.conversations.length
    }
    if (json) await out.write(rows === 0 ? '[]\n' : '\n]\n')
    else if (rows === 0) await out.write('No conversations match.\n')
  })
}
