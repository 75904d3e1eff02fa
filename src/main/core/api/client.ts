import {
  AuthError,
  RequestRejectedError,
  ResponseFormatError,
  ServerUnavailableError,
  SyncCancelledError,
  UsageError
} from '../errors'
import type { ConversationPage, Party, TranscriptMessage } from '../types'
import {
  apiConversationDetailSchema,
  describeSchemaError,
  isRecord,
  type ApiConversationDetail
} from './conversationSchema'
import { parseConversationPage } from './normalizeConversation'
import { createRatePacer, type RatePacer, type RequestPriority } from './ratePacer'
import { backoffDelay, parseRetryAfter, sleep as defaultSleep } from './retryPolicy'

export const DEFAULT_BASE_URL = 'https://app.autocalls.ai'

export interface ListConversationsParams {
  type?: string
  assistant_id?: string | number
  customer_phone?: string
  whatsapp_sender_phone?: string
  external_identifier?: string
  per_page?: number
  cursor?: string | null
}

export interface ConversationDetail {
  /** Oldest first; each message's function_calls exactly as received. */
  history: TranscriptMessage[]
  variables: Record<string, unknown> | null
  external_identifier: string | null
  whatsapp_sender: Party | null
  customer: Party | null
  /** The whole answer's JSON as received. */
  rawJson: string
}

/** Told before each wait: `attempt` is the number of the attempt that just failed (from 1). */
export interface RetryNotice {
  attempt: number
  delayMs: number
  /** For people: 'rate limited (429)', 'HTTP 503', 'timeout after 30 s', 'network error: ...' */
  reason: string
}

export interface ApiClientOptions {
  apiKey: string
  baseUrl?: string
  /** Electron hands in `net.fetch` so the system's proxy and certificates apply. */
  fetch?: typeof fetch
  /** Per attempt, body included; default 30000. */
  timeoutMs?: number
  /** Attempts in all, the first included; default 6. */
  maxAttempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
  random?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  now?: () => number
  onRetry?: (notice: RetryNotice) => void
  /** Pace requests by the server's X-RateLimit-* headers; default true. */
  pace?: boolean
  /**
   * The pacer of this API key, shared by every client and job that spends its requests (see
   * pacerRegistry.ts); without it the client paces itself alone.
   */
  pacer?: RatePacer
  userAgent?: string
}

export interface ApiClient {
  readonly baseUrl: string
  listConversations(
    params: ListConversationsParams,
    options?: ListOptions
  ): Promise<ConversationPage>
  /**
   * One conversation's whole transcript. Throws ConversationNotFoundError when the server says
   * it has no such conversation. The backfill asks at 'background' priority.
   */
  getConversation(
    id: string,
    options?: { signal?: AbortSignal; priority?: RequestPriority }
  ): Promise<ConversationDetail>
  /** One cheap request (per_page=1) that throws AuthError etc. if the key does not work. */
  checkKey(options?: { signal?: AbortSignal }): Promise<void>
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

/** Longest Retry-After honoured: a server asking for hours is retried sooner, not waited on. */
const MAX_RETRY_AFTER_MS = 10 * 60_000
const FILTERS = [
  'type',
  'assistant_id',
  'customer_phone',
  'whatsapp_sender_phone',
  'external_identifier'
] as const

/** An HTTP answer, read in full. */
interface Answer {
  status: number
  contentType: string
  text: string
  headers: Headers
}

/** Why an attempt failed in a way worth another try. */
interface Failure {
  /** Short, for RetryNotice. */
  reason: string
  /** Longer, for the error after the last attempt. */
  detail: string
  /** The server answered, but not with the documented JSON. */
  badFormat?: boolean
  retryAfterMs?: number
}

type Reading<T> = { ok: true; value: T } | { ok: false; failure: Failure }

export function createApiClient(options: ApiClientOptions): ApiClient {
  const apiKey = options.apiKey.trim()
  if (!apiKey) throw new UsageError('No API key: add the key from your autocalls.ai account.')
  // fetch would throw on such a header every attempt, which would read as a network error.
  if (/[^\x21-\x7e]/.test(apiKey)) {
    throw new UsageError(
      'The API key contains spaces or characters no API key has: paste it again.'
    )
  }
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL)
  const fetchImpl = options.fetch ?? globalThis.fetch
  const timeoutMs = options.timeoutMs ?? 30_000
  const maxAttempts = options.maxAttempts ?? 6
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new UsageError(`maxAttempts must be a whole number of at least 1, not ${maxAttempts}.`)
  }
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    random: options.random
  }
  const sleep = options.sleep ?? defaultSleep
  const now = options.now ?? Date.now
  const pacer: RatePacer | null = options.pace === false ? null : createRatePacer({ now, sleep })
  const headers = {
    Authorization: `Bearer ${apiKey}`,
    Accept: 'application/json',
    'User-Agent': options.userAgent ?? 'ConversationBrowser'
  }

  /** One request, fetched and read in full under its own timeout and the caller's signal. */
  async function attemptOnce(url: URL, signal?: AbortSignal): Promise<Answer | Failure> {
    const timeout = AbortSignal.timeout(timeoutMs)
    try {
      const response = await fetchImpl(url, {
        headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout
      })
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        text: await response.text(),
        headers: response.headers
      }
    } catch (error) {
      if (signal?.aborted) throw new SyncCancelledError()
      const reason = timeout.aborted
        ? `timeout after ${timeoutMs / 1000} s`
        : `network error: ${networkCause(error)}`
      return { reason, detail: reason }
    }
  }

  async function request<T>(
    url: URL,
    what: string,
    read: (answer: Answer) => Reading<T> | Promise<Reading<T>>,
    signal?: AbortSignal
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new SyncCancelledError()
      await unlessCancelled(pacer?.acquire(signal), signal)
      const outcome = await attemptOnce(url, signal)
      let failure: Failure
      if ('status' in outcome) {
        pacer?.observe(outcome.headers)
        const reading = await interpret(outcome, what, read, now())
        if (reading.ok) return reading.value
        failure = reading.failure
      } else {
        failure = outcome
      }
      if (attempt >= maxAttempts) throw giveUp(what, baseUrl, attempt, failure)
      const delayMs =
        failure.retryAfterMs !== undefined
          ? Math.min(failure.retryAfterMs, MAX_RETRY_AFTER_MS)
          : backoffDelay(attempt, backoff)
      options.onRetry?.({ attempt, delayMs, reason: failure.reason })
      await unlessCancelled(sleep(delayMs, signal), signal)
    }
  }

  async function listConversations(
    params: ListConversationsParams,
    callOptions: ListOptions = {}
  ): Promise<ConversationPage> {
    const url = new URL(`${baseUrl}/api/user/conversations`)
    for (const name of FILTERS) {
      const value = params[name]
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value))
    }
    if (params.per_page !== undefined) {
      if (!Number.isInteger(params.per_page) || params.per_page < 1 || params.per_page > 100) {
        throw new UsageError(
          `per_page must be a whole number from 1 to 100, not ${params.per_page}.`
        )
      }
      url.searchParams.set('per_page', String(params.per_page))
    }
    if (params.cursor) url.searchParams.set('cursor', params.cursor)
    const { onNextCursor } = callOptions
    const read = onNextCursor
      ? (answer: Answer) => readPageAfterCursor(answer, onNextCursor)
      : readPage
    return request(url, 'list conversations', read, callOptions.signal)
  }

  async function getConversation(
    id: string,
    callOptions: { signal?: AbortSignal } = {}
  ): Promise<ConversationDetail> {
    if (!id) throw new UsageError('A conversation id is needed.')
    const url = new URL(`${baseUrl}/api/conversations/${encodeURIComponent(id)}`)
    return request(url, `get conversation ${id}`, readDetail, callOptions.signal)
  }

  return {
    baseUrl,
    listConversations,
    getConversation,
    async checkKey(callOptions = {}) {
      await listConversations({ per_page: 1 }, callOptions)
    }
  }
}

function checkBaseUrl(value: string): string {
  const trimmed = value.trim().replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw new UsageError(`The API address "${value}" is not a URL.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`The API address "${value}" must start with https:// or http://.`)
  }
  return trimmed
}

async function unlessCancelled<T>(
  work: Promise<T> | undefined,
  signal?: AbortSignal
): Promise<T | undefined> {
  try {
    return await work
  } catch (error) {
    if (signal?.aborted) throw new SyncCancelledError()
    throw error
  }
}

/** What a status means: a reading, a failure worth retrying, or an error thrown at once. */
function interpret<T>(
  answer: Answer,
  what: string,
  read: (answer: Answer) => Reading<T> | Promise<Reading<T>>,
  at: number
): Reading<T> | Promise<Reading<T>> {
  const { status } = answer
  if (status >= 200 && status < 300) return read(answer)
  if (status === 401 || status === 403) throw new AuthError(status, serverMessage(answer))
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), at) ?? undefined
    return {
      ok: false,
      failure: { reason: 'rate limited (429)', detail: 'rate limited (HTTP 429)', retryAfterMs }
    }
  }
  // 408 is the server's own timeout, as transient as a 5xx.
  if (status >= 500 || status === 408) {
    const reason = `HTTP ${status}`
    return { ok: false, failure: { reason, detail: `${reason}: ${serverMessage(answer)}` } }
  }
  throw new RequestRejectedError(
    status,
    `The API rejected the request to ${what} (HTTP ${status}): ${serverMessage(answer)}`
  )
}

function readPage(answer: Answer): Reading<ConversationPage> {
  const body = parseJson(answer)
  if (!body.ok) return body
  return checkPage(answer, body.value)
}

function checkPage(answer: Answer, body: unknown): Reading<ConversationPage> {
  const parsed = parseConversationPage(body)
  if (!parsed.ok) return badFormat(answer, `JSON of the wrong shape: ${parsed.problem}`)
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

function readDetail(answer: Answer): Reading<ConversationDetail> {
  const body = parseJson(answer)
  if (!body.ok) return body
  const parsed = apiConversationDetailSchema.safeParse(body.value)
  if (!parsed.success) {
    return badFormat(
      answer,
      `JSON of the wrong shape: ${describeSchemaError(parsed.error, body.value)}`
    )
  }
  const detail: ApiConversationDetail = parsed.data
  if (!detail.status) {
    throw new RequestRejectedError(
      answer.status,
      detail.error ?? 'The conversation could not be read.'
    )
  }
  return {
    ok: true,
    value: {
      history: detail.history.map((message) => {
        const { role, content, function_calls: calls } = message
        return calls ? { role, content, function_calls: calls } : { role, content }
      }),
      variables: detail.variables,
      external_identifier: detail.external_identifier,
      whatsapp_sender: detail.whatsapp_sender,
      customer: detail.customer,
      rawJson: JSON.stringify(body.value)
    }
  }
}

function parseJson(answer: Answer): Reading<unknown> {
  try {
    return { ok: true, value: JSON.parse(answer.text) }
  } catch (error) {
    if (looksLikeHtml(answer) || !answer.text.trim()) return badFormat(answer, describeBody(answer))
    const why = error instanceof Error ? error.message : String(error)
    return badFormat(answer, `malformed JSON (${why}): ${describeBody(answer)}`)
  }
}

function badFormat(answer: Answer, what: string): { ok: false; failure: Failure } {
  const type = answer.contentType || 'no content type'
  return {
    ok: false,
    failure: {
      reason: `unexpected answer (HTTP ${answer.status}, ${type})`,
      detail: `HTTP ${answer.status}, ${type}, ${what}`,
      badFormat: true
    }
  }
}

/**
 * The server's own words: Laravel's `message` with the first error of each field that says
 * more, or Get Conversation's `error`; otherwise a description of what came back.
 */
function serverMessage(answer: Answer): string {
  let body: unknown
  try {
    body = JSON.parse(answer.text)
  } catch {
    return describeBody(answer)
  }
  if (!isRecord(body)) return describeBody(answer)
  const message = typeof body.message === 'string' ? body.message : ''
  const fieldErrors = isRecord(body.errors)
    ? Object.entries(body.errors).flatMap(([field, list]) => {
        const first: unknown = Array.isArray(list) ? list[0] : list
        return typeof first === 'string' && !message.startsWith(first) ? [`${field}: ${first}`] : []
      })
    : []
  const parts = [message, ...fieldErrors.slice(0, 3)].filter(Boolean)
  if (parts.length > 0) return parts.join(' ')
  if (typeof body.error === 'string') return body.error
  return describeBody(answer)
}

function looksLikeHtml(answer: Answer): boolean {
  return /html/i.test(answer.contentType) || /^\s*</.test(answer.text)
}

/** A short picture of a body that is not the expected JSON: its HTML title, or its start. */
function describeBody(answer: Answer): string {
  const text = answer.text.trim()
  if (!text) return 'an empty body'
  if (looksLikeHtml(answer)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim()
    if (title) return `an HTML page titled "${title}"`
  }
  const start = text.replace(/\s+/g, ' ')
  return `"${start.length > 120 ? `${start.slice(0, 120)}...` : start}"`
}

function networkCause(error: unknown): string {
  // fetch wraps the socket's error: "fetch failed", with the useful part in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code
    return cause.message
  }
  return String(cause)
}

function giveUp(what: string, baseUrl: string, attempts: number, failure: Failure): Error {
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`
  if (failure.badFormat) {
    return new ResponseFormatError(
      `Could not ${what}: the server at ${baseUrl} did not answer with the documented JSON ` +
        `(${tries}). Last answer: ${failure.detail}`
    )
  }
  return new ServerUnavailableError(
    `Could not ${what}: the server at ${baseUrl} kept failing (${tries}). Last error: ${failure.detail}`
  )
}
