import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ApiConversationDetailJson } from '../api/conversationDetailSchema'
import type { ApiConversationJson } from '../api/conversationSchema'
import type { TranscriptMessage } from '../types'
import { parseApiDate } from '../dates'
import { LIST_PATH, listBody } from './mockListEndpoint'
import { createStore, lowerBound, type Store } from './mockStore'
import { createThrottle } from './mockThrottle'
import { expectedTranscript, generateTranscript } from './generateTranscript'

/**
 * A local stand-in for the autocalls.ai list and Get Conversation endpoints, as Laravel serves
 * them: Bearer auth, validation answered with 422, cursor pagination over a fixed order, the
 * throttle's headers, and faults on demand. The throttle counts both endpoints in one budget,
 * as Laravel counts every request of the key. Transcripts are made on request from each row
 * (generateTranscript.ts), so a million rows hold no message in memory.
 *
 * Cursors: Laravel's, base64url JSON `{"_key": N, "_pointsToNextItems": true}`, where `_key` is
 * an internal, increasing integer (newest first). Like Laravel, a cursor that does not decode is
 * ignored and the first page is served: a client that loses its place starts over, and must
 * notice the loop itself.
 */

export interface MockApiOptions {
  apiKey?: string
  /** Newest first; shallow-copied. Without it, `rows` rows are generated from `seed`. */
  conversations?: readonly ApiConversationJson[]
  rows?: number
  seed?: number
  /** The newest generated row's time (see generateConversations); a fixed date by default. */
  now?: Date
  latencyMs?: number
  /** Laravel's throttle: X-RateLimit-* headers on every answer, 429 + Retry-After past it. */
  rateLimit?: { limit: number; windowMs?: number } | null
  port?: number
}

export type MockFault =
  | {
      kind: 'status'
      status: number
      body?: string
      contentType?: string
      headers?: Record<string, string>
    }
  | { kind: 'html'; status?: number }
  | { kind: 'malformedJson' }
  | { kind: 'wrongShape' }
  /** Never answers: for timeouts. */
  | { kind: 'hang' }
  /** A normal page whose next_cursor is the request's own cursor (null on a first page). */
  | { kind: 'repeatCursor' }
  /** Destroys the socket without an answer. */
  | { kind: 'drop' }
  /** The normal answer's headers and the first half of its body, then the socket is reset. */
  | { kind: 'resetMidBody' }
  /** The normal answer's headers and the first half of its body, then nothing more, ever. */
  | { kind: 'stallMidBody' }
  /** A normal page whose rows carry fields of the wrong types (an id as a number, ...). */
  | { kind: 'wrongTypes' }
  /** A page of `rows` rows from the cursor on, past the per_page a client asked for. */
  | { kind: 'oversizedPage'; rows: number }
  /** No rows, with the next cursor the normal page would have had: that page's rows are skipped. */
  | { kind: 'emptyPageWithCursor' }
  /** 302 to `location` (with the request's path and query when it is an origin alone). */
  | { kind: 'redirect'; location: string; status?: 301 | 302 | 307 | 308 }

/** Which endpoint a fault is for: each keeps its own queue of them. */
export type MockEndpoint = 'list' | 'conversation'

export interface MockRequest {
  path: string
  query: Record<string, string>
  authorization: string | null
}

export interface MockApi {
  url: string
  port: number
  close(): Promise<void>
  requests: MockRequest[]
  /** A new conversation: it becomes the newest. */
  add(c: ApiConversationJson): void
  /**
   * Changes a conversation in place: it keeps its position, as on the real server. Its
   * transcript follows its message_count (see generateTranscript).
   */
  update(id: string, patch: Partial<ApiConversationJson>): void
  /**
   * The conversation gets new messages, as when the customer writes again: message_count grows
   * by `messages` (2 by default, a question and its answer) and updated_at moves to `at` (now by
   * default, and always later than before). Its transcript keeps every earlier message and
   * gains the new ones. Returns the row as the list now shows it.
   */
  updateConversation(id: string, options?: { messages?: number; at?: Date }): ApiConversationJson
  /**
   * This conversation's transcript as the API client hands it on (null text as ''), which is
   * what an archive should hold; generateTranscript gives the history exactly as sent.
   */
  transcript(id: string): TranscriptMessage[]
  remove(id: string): void
  /** Every conversation, newest first. */
  list(): ApiConversationJson[]
  /**
   * The next `times` requests to `endpoint` (the list by default) get this fault instead of their
   * answer; `repeatCursor`, `oversizedPage` and `emptyPageWithCursor` are for the list alone.
   * With `after`, that many requests to the endpoint are answered normally first.
   */
  injectFault(fault: MockFault, times?: number, endpoint?: MockEndpoint, after?: number): void
  /** Forgets every fault not yet served. */
  clearFaults(): void
  setLatency(ms: number): void
}

const LIST_ONLY_FAULTS: readonly MockFault['kind'][] = [
  'repeatCursor',
  'oversizedPage',
  'emptyPageWithCursor'
]
const DETAIL_PATH = /^\/api\/conversations\/([^/]+)$/
const NOT_FOUND: ApiConversationDetailJson = { status: false, error: 'Conversation not found' }

export async function startMockApi(options: MockApiOptions = {}): Promise<MockApi> {
  const apiKey = options.apiKey ?? 'test-key'
  const store = createStore(options)
  const requests: MockRequest[] = []
  const faults: Record<MockEndpoint, { fault: MockFault; times: number; after: number }[]> = {
    list: [],
    conversation: []
  }
  const timers = new Set<NodeJS.Timeout>()
  const throttle = options.rateLimit ? createThrottle(options.rateLimit) : null
  let latencyMs = options.latencyMs ?? 0
  let origin = ''

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    const query = Object.fromEntries(url.searchParams)
    requests.push({ path: url.pathname, query, authorization: req.headers.authorization ?? null })
    if (latencyMs > 0) await wait(latencyMs)

    const detailMatch = DETAIL_PATH.exec(url.pathname)
    if (url.pathname !== LIST_PATH && !detailMatch) {
      return sendJson(res, 404, {
        message: `The route ${url.pathname.slice(1)} could not be found.`
      })
    }
    if (req.method !== 'GET') {
      return sendJson(res, 405, { message: `The ${req.method} method is not supported for route.` })
    }
    const pending = faults[detailMatch ? 'conversation' : 'list']
    if (pending.length > 0 && pending[0].after > 0) pending[0].after--
    else if (pending.length > 0) {
      const fault = pending[0].fault
      if (--pending[0].times === 0) pending.shift()
      return serveFault(fault, req, res, url, (overrides = {}) =>
        detailMatch
          ? detailBody(store, detailMatch[1])
          : listBody(store, { ...query, ...overrides }, origin, { maxPerPage: Infinity })
      )
    }
    if (throttle) {
      const verdict = throttle.hit(Date.now())
      for (const [name, value] of Object.entries(verdict.headers)) res.setHeader(name, value)
      if (!verdict.allowed) return sendJson(res, 429, { message: 'Too Many Attempts.' })
    }
    if (!isAuthorized(req.headers.authorization, apiKey)) {
      return sendJson(res, 401, { message: 'Unauthenticated.' })
    }
    if (detailMatch) {
      const answer = detailBody(store, detailMatch[1])
      return sendJson(res, answer.status, answer.body)
    }
    const answer = listBody(store, query, origin)
    return sendJson(res, answer.status, answer.body)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: 'Server Error', detail: String(error) })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`

  return {
    url: origin,
    port,
    requests,
    close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      return new Promise((resolve) => {
        server.close(() => resolve())
        // Hanging requests and keep-alive sockets would hold close() open for good.
        server.closeAllConnections()
      })
    },
    add(c) {
      if (store.keyById.has(c.id)) throw new Error(`Mock API: conversation ${c.id} already exists`)
      const key = store.nextKey++
      store.keys.push(key)
      store.rows.push({ ...c })
      store.keyById.set(c.id, key)
    },
    update(id, patch) {
      const index = indexOfId(store, id)
      store.rows[index] = { ...store.rows[index], ...patch, id }
    },
    updateConversation(id, update = {}) {
      const index = indexOfId(store, id)
      const row = store.rows[index]
      const before = Date.parse(parseApiDate(row.updated_at) ?? '') || 0
      const at = Math.max(update.at?.getTime() ?? Date.now(), before + 1000)
      const changed = {
        ...row,
        message_count: Number(row.message_count) + (update.messages ?? 2),
        updated_at: new Date(at).toISOString().slice(0, 19).replace('T', ' ')
      }
      store.rows[index] = changed
      return { ...changed }
    },
    transcript: (id) => expectedTranscript(store.rows[indexOfId(store, id)]),
    remove(id) {
      const index = indexOfId(store, id)
      store.keys.splice(index, 1)
      store.rows.splice(index, 1)
      store.keyById.delete(id)
    },
    list: () => store.rows.slice().reverse(),
    injectFault(fault, times = 1, endpoint = 'list', after = 0) {
      if (LIST_ONLY_FAULTS.includes(fault.kind) && endpoint !== 'list') {
        throw new Error(`Mock API: ${fault.kind} is a fault of the list endpoint`)
      }
      if (times > 0) faults[endpoint].push({ fault, times, after })
    },
    clearFaults() {
      faults.list.length = 0
      faults.conversation.length = 0
    },
    setLatency(ms) {
      latencyMs = ms
    }
  }
}

function indexOfId(store: Store, id: string): number {
  const key = store.keyById.get(id)
  if (key === undefined) throw new Error(`Mock API: no conversation ${id}`)
  return lowerBound(store.keys, key)
}

function isAuthorized(header: string | undefined, apiKey: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '')
  return match !== null && match[1].trim() === apiKey
}

function detailBody(store: Store, encodedId: string): MockAnswer {
  let id: string
  try {
    id = decodeURIComponent(encodedId)
  } catch {
    return { status: 404, body: NOT_FOUND }
  }
  const key = store.keyById.get(id)
  if (key === undefined) return { status: 404, body: NOT_FOUND }
  const row = store.rows[lowerBound(store.keys, key)]
  const body: Extract<ApiConversationDetailJson, { status: true }> = {
    status: true,
    history: generateTranscript(row),
    variables: row.variables
  }
  if (row.external_identifier !== undefined) body.external_identifier = row.external_identifier
  if (row.whatsapp_sender !== undefined) body.whatsapp_sender = row.whatsapp_sender
  if (row.customer !== undefined) body.customer = row.customer
  return { status: 200, body }
}

interface MockAnswer {
  status: number
  body: Record<string, unknown>
}

function serveFault(
  fault: MockFault,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  normalAnswer: (listOverrides?: Record<string, string>) => MockAnswer
): void {
  const cursor = url.searchParams.get('cursor')
  switch (fault.kind) {
    case 'status': {
      const body = fault.body ?? JSON.stringify({ message: STATUS_CODES[fault.status] ?? 'Error' })
      res.writeHead(fault.status, {
        'Content-Type': fault.contentType ?? 'application/json',
        ...fault.headers
      })
      res.end(body)
      return
    }
    case 'html': {
      const status = fault.status ?? 200
      const title = status === 200 ? 'Sign in to the network' : `${status} ${STATUS_CODES[status]}`
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(
        `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`
      )
      return
    }
    case 'malformedJson':
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"data": [{"id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "assistant_id": ')
      return
    case 'wrongShape':
      return sendJson(res, 200, { conversations: [], next_page_url: null })
    case 'hang':
      return
    case 'repeatCursor': {
      const answer = normalAnswer()
      return sendJson(res, answer.status, { ...answer.body, next_cursor: cursor || null })
    }
    case 'drop':
      req.socket.destroy()
      return
    case 'resetMidBody':
    case 'stallMidBody': {
      const text = JSON.stringify(normalAnswer().body)
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text)
      })
      res.write(text.slice(0, Math.floor(text.length / 2)))
      if (fault.kind === 'resetMidBody') setImmediate(() => req.socket.resetAndDestroy())
      return
    }
    case 'wrongTypes': {
      const answer = normalAnswer()
      const data = answer.body.data
      if (!Array.isArray(data)) {
        return sendJson(res, answer.status, { ...answer.body, history: 'not a list' })
      }
      const rows = data.map((row: Record<string, unknown>, index: number) => ({
        ...row,
        id: index,
        message_count: 'many',
        created_at: 20250101
      }))
      return sendJson(res, answer.status, { ...answer.body, data: rows })
    }
    case 'oversizedPage': {
      const answer = normalAnswer({ per_page: String(fault.rows) })
      return sendJson(res, answer.status, answer.body)
    }
    case 'emptyPageWithCursor': {
      const answer = normalAnswer()
      return sendJson(res, answer.status, { ...answer.body, data: [] })
    }
    case 'redirect': {
      const target = new URL(fault.location)
      if (target.pathname === '/' && !fault.location.endsWith('/')) {
        target.pathname = url.pathname
        target.search = url.search
      }
      res.writeHead(fault.status ?? 302, { Location: target.href })
      res.end()
      return
    }
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text)
  })
  res.end(text)
}
