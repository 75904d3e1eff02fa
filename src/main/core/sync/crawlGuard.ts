import { CrawlLoopError } from '../errors'
import type { ConversationPage } from '../types'

/**
 * Stops a crawl that goes round in a circle: a next cursor that was already followed, or a page
 * holding only rows of the page before it (a server that ignores the cursor).
 */
export function createCrawlGuard(startCursor: string | null) {
  const followed = new Set<string>(startCursor === null ? [] : [startCursor])
  let previousIds = new Set<string>()

  return function checkPage(page: ConversationPage): void {
    const ids = new Set(page.conversations.map((row) => row.conversation.id))
    if (ids.size > 0 && [...ids].every((id) => previousIds.has(id))) {
      throw new CrawlLoopError(
        'The server returned the same conversations twice in a row; the sync stopped so it ' +
          'does not loop. Try again later.'
      )
    }
    if (page.nextCursor !== null) {
      if (followed.has(page.nextCursor)) {
        throw new CrawlLoopError(
          'The server sent a page cursor it had already sent in this sync; the sync stopped so ' +
            'it does not loop. Try again later.'
        )
      }
      followed.add(page.nextCursor)
    }
    previousIds = ids
  }
}
