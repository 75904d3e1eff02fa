import { existsSync } from 'node:fs'
import { archivePathOf } from '../../accounts/accountPlaces'
import type { Archive } from '../../archive/archive'
import { openArchive } from '../../archive/openArchive'
import { CoreError } from '../../errors'
import {
  conversationPages,
  EXPORT_PAGE_ROWS,
  type ConversationFilter
} from '../../export/conversationPages'
import type { MessageSnippet, SearchPage } from '../../types'
import type { CliAccounts } from '../cliContext'
import type { ListedConversation } from '../formatText'

/** A page of results, each conversation labelled with its account. */
export interface LabelledPage {
  conversations: ListedConversation[]
  snippets: Record<string, MessageSnippet>
}

interface Match {
  conversation: ListedConversation
  snippet: MessageSnippet | undefined
}

function* matchesOf(pages: Iterable<SearchPage>, account: string): Generator<Match> {
  for (const page of pages) {
    for (const conversation of page.conversations) {
      yield {
        conversation: { ...conversation, account },
        snippet: page.snippets?.[conversation.id]
      }
    }
  }
}

/**
 * Lists that are each newest first, merged newest first: at most `limit`, read as far as they
 * are needed. On a tie the earlier list goes first, so the order is the same every run.
 */
export function* newestFirstAcross(lists: Iterator<Match>[], limit: number): Generator<Match> {
  const heads = lists.map((list) => list.next())
  for (let given = 0; given < limit; given += 1) {
    let newest = -1
    let newestAt = Number.NEGATIVE_INFINITY
    heads.forEach((head, i) => {
      if (head.done) return
      const at = Date.parse(head.value.conversation.created_at)
      if (newest === -1 || at > newestAt) {
        newest = i
        newestAt = at
      }
    })
    const head = heads[newest]
    if (!head || head.done) return
    yield head.value
    heads[newest] = lists[newest]!.next()
  }
}

/** Matches gathered into pages to write, as a single archive's search gives them. */
function* pagesOf(matches: Iterable<Match>): Generator<LabelledPage> {
  let page: LabelledPage = { conversations: [], snippets: {} }
  for (const { conversation, snippet } of matches) {
    page.conversations.push(conversation)
    if (snippet) page.snippets[conversation.id] = snippet
    if (page.conversations.length === EXPORT_PAGE_ROWS) {
      yield page
      page = { conversations: [], snippets: {} }
    }
  }
  if (page.conversations.length > 0) yield page
}

/**
 * The search in every account's archive, newest first up to `limit`, each result naming its
 * account. Every archive is opened before a row is written, so one that cannot be read stops
 * the search with its reason rather than leave a silent gap; one not synced yet has no rows.
 */
export async function searchAcrossAccounts(
  accounts: CliAccounts,
  filter: ConversationFilter,
  limit: number,
  write: (pages: Iterable<LabelledPage>) => Promise<void>
): Promise<void> {
  const opened: { name: string; archive: Archive }[] = []
  try {
    for (const account of accounts.list.all()) {
      const file = archivePathOf(account, accounts.userDataDir)
      if (!existsSync(file)) continue
      try {
        opened.push({ name: account.name, archive: openArchive(file, { readonly: true }) })
      } catch (error) {
        if (!(error instanceof CoreError)) throw error
        throw new CoreError(`The account "${account.name}" cannot be searched: ${error.message}`, {
          cause: error
        })
      }
    }
    const lists = opened.map(({ name, archive }) =>
      matchesOf(conversationPages(archive, filter, limit), name)
    )
    await write(pagesOf(newestFirstAcross(lists, limit)))
  } finally {
    for (const { archive } of opened) archive.close()
  }
}
