import {
  AuthError,
  RequestRejectedError,
  ResponseFormatError,
  ServerFailingError,
  ServerUnavailableError,
  SyncCancelledError,
  UsageError
} from '../errors'
import { isRecord } from './conversationSchema'
import type { RatePacer, RequestPriority } from './ratePacer'
import { backoffDelay, parseRetryAfter, sleep as defaultSleep } from './retryPolicy'
import { cleanServerText, withoutSecret } from './serverText'

/**
 * One GET to the API as every endpoint needs it: paced, under a timeout, retried with backoff
 * (or the server's Retry-After) while the failure may pass, and turned into the core's errors
 * when it will not. What a successful answer means is the endpoint's business: it hands in a
 * reader.
 */

/** Told before each wait: `attempt` is the number of the attempt that just failed (from 1). */
export interface RetryNotice {
  attempt: number
  delayMs: number
  /** For people: 'rate limited (429)', 'HTTP 503', 'timeout after 30 s', 'network error: ...' */
  reason: string
}

export interface TransportOptions {
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
  userAgent?: string
}

/** Where the requests go and whose budget they spend. */
export interface TransportTarget {
  /** Trimmed and checked by the caller: it goes into a header as it is. */
  apiKey: string
  /** For error messages. */
  baseUrl: string
  /** Null: the requests are not paced. */
  pacer: RatePacer | null
}

/** An HTTP answer, read in full; the API key taken out of its text wherever the server put it. */
export interface Answer {
  /** 0 for a redirect the fetch in use does not show (an opaque one) or refused itself. */
  status: number
  contentType: string
  text: string
  headers: Headers
}

/** Why an attempt failed in a way worth another try. */
export interface Failure {
  /** Short, for RetryNotice. */
  reason: string
  /** Longer, for the error after the last attempt. */
  detail: string
  /** The server answered, but not with the documented JSON. */
  badFormat?: boolean
  /** The server answered with this status (5xx, 408, 429): it is there, but failing. */
  httpStatus?: number
  retryAfterMs?: number
}

export type Reading<T> = { ok: true; value: T } | { ok: false; failure: Failure }

/** Reads a 2xx answer: a value, a failure worth retrying, or an error thrown at once. */
export type AnswerReader<T> = (answer: Answer) => Reading<T> | Promise<Reading<T>>

export interface RequestOptions {
  signal?: AbortSignal
  priority?: RequestPriority
  /**
   * The endpoint's own reading of a 4xx it knows better than the generic rejection (Get
   * Conversation's "Conversation not found"); undefined leaves it to the generic one.
   */
  rejection?: (answer: Answer) => Error | undefined
}

export interface Transport {
  /** `what` names the request in errors: "Could not list conversations: ...". */
  request<T>(url: URL, what: string, read: AnswerReader<T>, options?: RequestOptions): Promise<T>
}

/** Longest Retry-After honoured: a server asking for hours is retried sooner, not waited on. */
const MAX_RETRY_AFTER_MS = 10 * 60_000

export function createTransport(
  target: TransportTarget,
  options: TransportOptions = {}
): Transport {
  const { baseUrl, pacer } = target
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
  const headers = {
    Authorization: `Bearer ${target.apiKey}`,
    Accept: 'application/json',
    'User-Agent': options.userAgent ?? 'ConversationBrowser'
  }

  /** One request, fetched and read in full under its own timeout and the caller's signal. */
  async function attemptOnce(url: URL, signal?: AbortSignal): Promise<Answer | Failure> {
    const timeout = AbortSignal.timeout(timeoutMs)
    try {
      const response = await fetchImpl(url, {
        headers,
        // Followed, a redirect would take the key to wherever the server points: see interpret.
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout
      })
      return {
        status: response.type === 'opaqueredirect' ? 0 : response.status,
        contentType: response.headers.get('content-type') ?? '',
        text: withoutSecret(await response.text(), target.apiKey),
        headers: response.headers
      }
    } catch (error) {
      if (signal?.aborted) throw new SyncCancelledError()
      // Electron's net.fetch cancels a redirect it may not follow and rejects: the same refusal.
      if (refusedRedirect(error)) {
        return { status: 0, contentType: '', text: '', headers: new Headers() }
      }
      const reason = timeout.aborted
        ? `timeout after ${timeoutMs / 1000} s`
        : `network error: ${networkCause(error)}`
      return { reason, detail: reason }
    }
  }

  return {
    async request(url, what, read, requestOptions = {}) {
      const { signal, priority } = requestOptions
      for (let attempt = 1; ; attempt++) {
        if (signal?.aborted) throw new SyncCancelledError()
        await unlessCancelled(pacer?.acquire(signal, priority), signal)
        const outcome = await attemptOnce(url, signal)
        let failure: Failure
        if ('status' in outcome) {
          pacer?.observe(outcome.headers)
          const reading = await interpret(outcome, what, read, now(), requestOptions.rejection)
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
  }
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
  read: AnswerReader<T>,
  at: number,
  rejection: RequestOptions['rejection']
): Reading<T> | Promise<Reading<T>> {
  const { status } = answer
  if (status >= 200 && status < 300) return read(answer)
  if (isRedirect(status)) throw redirectRefused(answer, what)
  if (status === 401 || status === 403) throw new AuthError(status, serverMessage(answer))
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), at) ?? undefined
    return {
      ok: false,
      failure: {
        reason: 'rate limited (429)',
        detail: 'rate limited (HTTP 429)',
        httpStatus: status,
        retryAfterMs
      }
    }
  }
  // 408 is the server's own timeout, as transient as a 5xx.
  if (status >= 500 || status === 408) {
    const reason = `HTTP ${status}`
    return {
      ok: false,
      failure: { reason, detail: `${reason}: ${serverMessage(answer)}`, httpStatus: status }
    }
  }
  throw (
    rejection?.(answer) ??
    new RequestRejectedError(
      status,
      `The API rejected the request to ${what} (HTTP ${status}): ${serverMessage(answer)}`
    )
  )
}

function isRedirect(status: number): boolean {
  return status === 0 || (status >= 300 && status < 400 && status !== 304)
}

/**
 * Not retried: the next attempt would be sent the same way. The target's origin is named, as
 * it tells the fix (an http address redirected to https, a moved host).
 */
function redirectRefused(answer: Answer, what: string): RequestRejectedError {
  let target = 'another address'
  try {
    const location = answer.headers.get('location')
    if (location) target = cleanServerText(new URL(location).origin)
  } catch {
    // A relative or broken Location: "another address" says enough.
  }
  const status = answer.status === 0 ? 'a redirect' : `HTTP ${answer.status}`
  return new RequestRejectedError(
    answer.status,
    `The API did not answer the request to ${what} but sent a redirect (${status}) to ` +
      `${target}. The API key is sent only to the API address in Settings: check that address.`
  )
}

/** The body as JSON, or a failure that describes what came instead. */
export function parseJson(answer: Answer): Reading<unknown> {
  try {
    return { ok: true, value: JSON.parse(answer.text) }
  } catch (error) {
    if (looksLikeHtml(answer) || !answer.text.trim()) return badFormat(answer, describeBody(answer))
    const why = error instanceof Error ? error.message : String(error)
    return badFormat(answer, `malformed JSON (${why}): ${describeBody(answer)}`)
  }
}

/** A failure for an answer that is not the documented JSON: retried, then ResponseFormatError. */
export function badFormat(answer: Answer, what: string): { ok: false; failure: Failure } {
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
 * more, or Get Conversation's `error`; otherwise a description of what came back. Cleaned
 * (serverText.ts): it goes into an error a person reads.
 */
function serverMessage(answer: Answer): string {
  return cleanServerText(serverWords(answer))
}

function serverWords(answer: Answer): string {
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
    const title = cleanServerText(/<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? '')
    if (title) return `an HTML page titled "${title}"`
  }
  const start = cleanServerText(text.slice(0, 400))
  return `"${start.length > 120 ? `${start.slice(0, 120)}...` : start}"`
}

/** A fetch's own refusal to follow a redirect: Electron's "Redirect was cancelled", undici's "unexpected redirect". */
function refusedRedirect(error: unknown): boolean {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null
  return [error, cause].some(
    (e) =>
      e instanceof Error &&
      /redirect was cancelled|unexpected redirect|attempted to redirect/i.test(e.message)
  )
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
  const message = `Could not ${what}: the server at ${baseUrl} kept failing (${tries}). Last error: ${failure.detail}`
  if (failure.httpStatus !== undefined) return new ServerFailingError(failure.httpStatus, message)
  return new ServerUnavailableError(message)
}
