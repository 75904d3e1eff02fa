import { UsageError } from '../errors'
import type { ConversationPage } from '../types'
import { isRecord } from './conversationSchema'
import { parseConversationPage } from './normalizeConversation'
import { parseJson, badFormat, type Answer, type Reading, type Transport } from './transport'

/** The list endpoint, `GET {base}/api/user/conversations`: one page of Laravel's cursor walk. */

export interface ListConversationsParams {
  type?: string
  assistant_id?: string | number
  customer_phone?: string
  whatsapp_sender_phone?: string
  external_identifier?: string
  per_page?: number
  cursor?: string | null
}

export interface ListOptions {
  signal?: AbortSignal
  /**
   * Told the page's next cursor as soon as the answer is parsed, before its rows are checked
   * (which waits for the event loop to turn first): a crawl can send its next request while this
   * page is validated. If the rows then fail the check, the page is retried and the cursor may
   * be told again.
   */
  onNextCursor?: (cursor: string | null) => void
}

const FILTERS = [
  'type',
  'assistant_id',
  'customer_phone',
  'whatsapp_sender_phone',
  'external_identifier'
] as const

export async function listConversations(
  transport: Transport,
  baseUrl: string,
  params: ListConversationsParams,
  options: ListOptions = {}
): Promise<ConversationPage> {
  const url = new URL(`${baseUrl}/api/user/conversations`)
  for (const name of FILTERS) {
    const value = params[name]
    if (value !== undefined && value !== '') url.searchParams.set(name, String(value))
  }
  if (params.per_page !== undefined) {
    if (!Number.isInteger(params.per_page) || params.per_page < 1 || params.per_page > 100) {
      throw new UsageError(`per_page must be a whole number from 1 to 100, not ${params.per_page}.`)
    }
    url.searchParams.set('per_page', String(params.per_page))
  }
  if (params.cursor) url.searchParams.set('cursor', params.cursor)
  const { onNextCursor } = options
  const read = onNextCursor
    ? (answer: Answer) => readPageAfterCursor(answer, onNextCursor)
    : readPage
  return transport.request(url, 'list conversations', read, { signal: options.signal })
}

function readPage(answer: Answer): Reading<ConversationPage> {
  const body = parseJson(answer)
  if (!body.ok) return body
  return checkPage(answer, body.value)
}

function checkPage(answer: Answer, body: unknown): Reading<ConversationPage> {
  const parsed = parseConversationPage(body)
  if (!parsed.ok) return badFormat(answer, `JSON of the wrong shape: ${parsed.problem}`)
  // Laravel's cursor paginator names a next page only after a full one. An empty page that names
  // one is a server fault; followed, the rows it should have held would never be fetched (and a
  // complete crawl would mark them removed), so it is retried like any other bad answer.
  if (parsed.page.conversations.length === 0 && parsed.page.nextCursor !== null) {
    return badFormat(answer, 'an empty page that names a next page')
  }
  return { ok: true, value: parsed.page }
}

/**
 * readPage for a crawl: the next cursor is told first, then the event loop turns so that the
 * request for it leaves, and only then are the rows checked (about 1.3 ms a page of 100 here,
 * a few percent of a request) while that request is on its way.
 */
async function readPageAfterCursor(
  answer: Answer,
  onNextCursor: (cursor: string | null) => void
): Promise<Reading<ConversationPage>> {
  const body = parseJson(answer)
  if (!body.ok) return body
  const cursor = isRecord(body.value) ? body.value['next_cursor'] : undefined
  if (typeof cursor === 'string' || cursor === null) {
    onNextCursor(cursor)
    await new Promise((resolve) => setImmediate(resolve))
  }
  return checkPage(answer, body.value)
}
