import type { Archive } from '../archive/archive'
import { MAX_LIMIT } from '../archive/searchFilters'
import type { Conversation, SearchPage, SearchQuery } from '../types'

/** The filters of a search, without its paging: what an export or a streamed list walks. */
export type ConversationFilter = Omit<SearchQuery, 'limit' | 'cursor'>

/** Rows a page reads: the most a search answers at once. */
export const EXPORT_PAGE_ROWS = MAX_LIMIT

/**
 * Every conversation the filter admits, newest first, a page at a time through the search's own
 * keyset paging: the same filters mean the same rows as in the list, and only one page is in
 * memory at a time, however many rows follow. Stops after `limit` rows when one is given.
 */
export function* conversationPages(
  archive: Pick<Archive, 'search'>,
  filter: ConversationFilter,
  limit: number | null = null,
  pageRows: number = EXPORT_PAGE_ROWS
): Generator<SearchPage> {
  let cursor: string | null = null
  let left = limit ?? Number.POSITIVE_INFINITY
  while (left > 0) {
    const page: SearchPage = archive.search({
      ...filter,
      limit: Math.min(pageRows, left),
      cursor
    })
    left -= page.conversations.length
    if (page.conversations.length > 0) yield page
    if (page.nextCursor === null) return
    cursor = page.nextCursor
  }
}

/** The conversations of conversationPages one by one. */
export function* conversationsOf(pages: Iterable<SearchPage>): Generator<Conversation> {
  for (const page of pages) yield* page.conversations
}
