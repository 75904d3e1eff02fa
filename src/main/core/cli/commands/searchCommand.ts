import { DEFAULT_LIMIT } from '../../archive/searchFilters'
import { UsageError } from '../../errors'
import { conversationPages } from '../../export/conversationPages'
import type { MessageSnippet } from '../../types'
import { openCliAccounts, resolveTarget, type CliEnvironment } from '../cliContext'
import { conversationTable, type ListedConversation } from '../formatText'
import type { ParsedCommand } from '../parseCommandLine'
import { readArchive } from '../readArchive'
import { streamSink } from '../writeStream'
import { searchQueryFromFlags } from './archiveCommands'
import { searchAcrossAccounts } from './searchAcrossAccounts'

type SearchCommand = Extract<ParsedCommand, { name: 'search' }>

interface ResultPage {
  conversations: ListedConversation[]
  snippets?: Record<string, MessageSnippet>
}

/** An element of `JSON.stringify(array, null, 2)`, as it stands inside the array. */
function arrayElement(conversation: ListedConversation): string {
  return `  ${JSON.stringify(conversation, null, 2).replace(/\n/g, '\n  ')}`
}

/** The pages as a table (with an Account column across accounts) or as one JSON array. */
async function writeResults(
  pages: Iterable<ResultPage>,
  options: { json: boolean; accountColumn: boolean },
  context: CliEnvironment
): Promise<void> {
  const { json } = options
  const out = streamSink(context.stdout)
  const table = conversationTable({ accountColumn: options.accountColumn })
  let rows = 0
  for (const page of pages) {
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
}

/**
 * `search`: the matches, newest first, as a table or a JSON array. Any number of them: they are
 * read and written a page at a time, so `--limit 1000000` streams rather than waits. With
 * --all-accounts, from every account's archive, each result naming its account.
 */
export async function runSearchCommand(
  command: SearchCommand,
  context: CliEnvironment
): Promise<void> {
  const { values } = command
  const { limit = DEFAULT_LIMIT, ...filter } = searchQueryFromFlags(values)
  if (limit < 1) throw new UsageError('--limit takes a whole number of at least 1.')
  const json = values.json ?? false
  if (values['all-accounts']) {
    if (
      values.account !== undefined ||
      values.db !== undefined ||
      values['base-url'] !== undefined
    ) {
      throw new UsageError(
        '--all-accounts searches every account’s own archive: it takes no --account, --db or --base-url.'
      )
    }
    await searchAcrossAccounts(openCliAccounts(context.env), filter, limit, (pages) =>
      writeResults(pages, { json, accountColumn: true }, context)
    )
    return
  }
  await readArchive(resolveTarget(values, context).archivePath(), (archive) =>
    writeResults(conversationPages(archive, filter, limit), { json, accountColumn: false }, context)
  )
}
