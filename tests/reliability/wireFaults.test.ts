import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createApiClient, type RetryNotice } from '../../src/main/core/api/client'
import { openArchive } from '../../src/main/core/archive/openArchive'
import { useTempDir } from '../../src/main/core/archive/testArchive'
import { toIpcError } from '../../src/main/core/ipc/toIpcError'
import {
  startMockApi,
  type MockApi,
  type MockFault
} from '../../src/main/core/mockApi/mockApiServer'
import { syncArchive } from '../../src/main/core/sync/syncArchive'
import { recordProof } from './support/proofRecord'

/**
 * The wire: every fault of the matrix is served by the mock API to a full sync (list endpoint)
 * or to Get Conversation, and what the app then does is asserted and written down. After a
 * failed sync the fault is gone and a second sync must end with the server's exact rows.
 */

const KEY = 'wire-fault-key-4a7c'
const ROWS = 500
const MAX_ATTEMPTS = 3
const TIMEOUT_MS = 1_500
const { tempFile } = useTempDir()

interface Expected {
  /** 'completed' when the sync (or fetch) succeeded despite the fault. */
  outcome: 'completed' | 'failed'
  /** The IPC code the window gets for a failure. */
  code?: string
  /**
   * Retries the client made: exactly this many when the sync completed; at least this many when
   * it failed, since the request for the next page (sent before a page is checked) may be
   * retried too before the failing page gives up.
   */
  retries?: number
}

interface WireCase {
  /** The fault; a case that happens once is labelled "(once)". */
  name: string
  fault: MockFault
  /** How many requests in a row get it: ONCE is a passing fault, PERSISTS one that persists. */
  times: number
  expected: Expected
  rows?: number
  timeoutMs?: number
}

const ONCE = 1
/**
 * A fault that persists: more requests than a page's attempts, since the crawl asks for the next
 * page before the current one is checked and that request takes a fault too.
 */
const PERSISTS = 20

/** Outcomes: through at once or after a retry; refused at once, or given up after every attempt. */
const COMPLETES: Expected = { outcome: 'completed', retries: 0 }
const RECOVERS: Expected = { outcome: 'completed', retries: 1 }
const REFUSED: Expected = { outcome: 'failed', code: 'server', retries: 0 }
// A server that keeps answering errors is failing, not out of reach: the person is not offline.
const SERVER_ERROR: Expected = { outcome: 'failed', code: 'server', retries: 2 }

function status(code: number, retryAfter?: string): MockFault {
  return retryAfter
    ? { kind: 'status', status: code, headers: { 'Retry-After': retryAfter } }
    : { kind: 'status', status: code }
}
const HTML_502: MockFault = { kind: 'html', status: 502 }
const RESET_MID_BODY: MockFault = { kind: 'resetMidBody' }
const STALL_MID_BODY: MockFault = { kind: 'stallMidBody' }
const MALFORMED_JSON: MockFault = { kind: 'malformedJson' }
const WRONG_TYPES: MockFault = { kind: 'wrongTypes' }
const EMPTY_PAGE: MockFault = { kind: 'emptyPageWithCursor' }

function wireCase(
  name: string,
  fault: MockFault,
  times: number,
  expected: Expected,
  more: Pick<WireCase, 'rows' | 'timeoutMs'> = {}
): WireCase {
  return { name, fault, times, expected, ...more }
}

function label(testCase: WireCase): string {
  return testCase.times === ONCE ? `${testCase.name} (once)` : testCase.name
}

const LIST_CASES: WireCase[] = [
  wireCase('429 with Retry-After: 2', status(429, '2'), ONCE, RECOVERS),
  wireCase('429 without Retry-After', status(429), ONCE, RECOVERS),
  wireCase('429 that persists', status(429, '1'), PERSISTS, SERVER_ERROR),
  wireCase('500', status(500), ONCE, RECOVERS),
  wireCase('500 that persists', status(500), PERSISTS, SERVER_ERROR),
  wireCase('502 with an HTML page', HTML_502, ONCE, RECOVERS),
  wireCase('502 with an HTML page that persists', HTML_502, PERSISTS, SERVER_ERROR),
  wireCase('503', status(503), ONCE, RECOVERS),
  wireCase('connection reset mid-body', RESET_MID_BODY, ONCE, RECOVERS),
  wireCase('connection reset before any answer', { kind: 'drop' }, ONCE, RECOVERS),
  wireCase('response stalled mid-body', STALL_MID_BODY, ONCE, RECOVERS),
  wireCase('no answer at all', { kind: 'hang' }, ONCE, RECOVERS),
  wireCase('truncated JSON', MALFORMED_JSON, ONCE, RECOVERS),
  wireCase('truncated JSON that persists', MALFORMED_JSON, PERSISTS, SERVER_ERROR),
  wireCase('wrong field types', WRONG_TYPES, PERSISTS, SERVER_ERROR),
  // Ten megabytes of JSON take longer than the other cases' short timeout.
  wireCase('a page of 10,000 rows', { kind: 'oversizedPage', rows: 10_000 }, ONCE, COMPLETES, {
    rows: 12_000,
    timeoutMs: 10_000
  }),
  wireCase('a repeating cursor', { kind: 'repeatCursor' }, ONCE, REFUSED),
  wireCase('an empty page with a next cursor', EMPTY_PAGE, ONCE, RECOVERS),
  wireCase('an empty page with a next cursor that persists', EMPTY_PAGE, PERSISTS, SERVER_ERROR)
]

const DETAIL_CASES: WireCase[] = [
  wireCase('429 with Retry-After: 3', status(429, '3'), ONCE, RECOVERS),
  wireCase('500 that persists', status(500), PERSISTS, SERVER_ERROR),
  wireCase('502 with an HTML page', HTML_502, ONCE, RECOVERS),
  wireCase('connection reset mid-body', RESET_MID_BODY, ONCE, RECOVERS),
  wireCase('response stalled mid-body', STALL_MID_BODY, ONCE, RECOVERS),
  wireCase('truncated JSON that persists', MALFORMED_JSON, PERSISTS, SERVER_ERROR),
  wireCase('wrong field types', WRONG_TYPES, PERSISTS, SERVER_ERROR)
]

/** What one run saw, for the doc. */
interface Observed {
  outcome: 'completed' | 'failed'
  code: string | null
  message: string
  retries: RetryNotice[]
  archived: number
  afterRerun: number | null
}

const table: string[][] = []
const cleanups: (() => Promise<void>)[] = []

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup()
  recordProof('wire', {
    order: 3,
    title: 'The wire: a fault matrix against the mock API',
    method:
      'Each fault is served by the mock API (`src/main/core/mockApi`, `injectFault`) to the ' +
      `third list request of a full sync of ${ROWS} conversations (pages of 100), or to Get ` +
      `Conversation, through the app's API client with ${MAX_ATTEMPTS} attempts, a ${TIMEOUT_MS} ms ` +
      'timeout per attempt and waits recorded rather than slept. "Once" faults pass; the ' +
      `others answer all ${MAX_ATTEMPTS} attempts. After every failed sync, a second sync without ` +
      'the fault must end with exactly the server’s rows, and PRAGMA integrity_check must say ok ' +
      '(`tests/reliability/wireFaults.test.ts`).',
    findings: [
      'No fault wrote a row the server did not send, and after each failed sync the next one ' +
        'completed with the server’s exact rows.',
      'A redirect is not followed: the other origin got no request, so never the key.'
    ],
    tables: [
      {
        columns: [
          'Fault',
          'Endpoint',
          'Outcome',
          'Retries (waits)',
          'Rows archived',
          'Message a person sees'
        ],
        rows: table
      }
    ]
  })
})

function describeRetries(retries: RetryNotice[]): string {
  if (retries.length === 0) return '0'
  return `${retries.length} (${retries.map((r) => `${r.reason}, ${r.delayMs} ms`).join('; ')})`
}

function integrity(file: string): unknown {
  const db = new Database(file, { readonly: true })
  try {
    return db.pragma('integrity_check', { simple: true })
  } finally {
    db.close()
  }
}

function clientFor(mock: MockApi, retries: RetryNotice[], timeoutMs = TIMEOUT_MS) {
  return createApiClient({
    apiKey: KEY,
    baseUrl: mock.url,
    pace: false,
    maxAttempts: MAX_ATTEMPTS,
    timeoutMs,
    baseDelayMs: 100,
    random: () => 0.5,
    // Waits are recorded, not slept: the doc says what the client asked to wait.
    sleep: () => Promise.resolve(),
    onRetry: (notice) => retries.push(notice)
  })
}

async function runSync(mock: MockApi, file: string, retries: RetryNotice[], timeoutMs?: number) {
  const archive = openArchive(file)
  try {
    const client = clientFor(mock, retries, timeoutMs)
    return await syncArchive({ archive, client, mode: 'full' })
  } finally {
    archive.close()
  }
}

function archivedIds(file: string): string[] {
  const archive = openArchive(file, { readonly: true })
  try {
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const page = archive.search({ limit: 500, cursor, removed: 'include' })
      ids.push(...page.conversations.map((c) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    return ids
  } finally {
    archive.close()
  }
}

function withoutPort(text: string, url: string): string {
  return text.split(url).join('http://127.0.0.1:<port>')
}

/** Runs `attempt` and says how it ended: completed, or failed with the code and message shown. */
async function observe(
  url: string,
  retries: RetryNotice[],
  attempt: () => Promise<void>
): Promise<Observed> {
  const observed: Observed = {
    outcome: 'completed',
    code: null,
    message: '',
    retries,
    archived: 0,
    afterRerun: null
  }
  try {
    await attempt()
  } catch (error) {
    const info = toIpcError(error)
    observed.outcome = 'failed'
    observed.code = info.code
    observed.message = withoutPort(info.message, url)
  }
  return observed
}

async function observeListFault(testCase: WireCase): Promise<Observed> {
  const rows = testCase.rows ?? ROWS
  const mock = await startMockApi({ apiKey: KEY, rows, seed: 11 })
  try {
    const file = tempFile()
    mock.injectFault(testCase.fault, testCase.times, 'list', 2)
    const retries: RetryNotice[] = []
    const observed = await observe(mock.url, retries, async () => {
      const summary = await runSync(mock, file, retries, testCase.timeoutMs)
      expect(summary.complete).toBe(true)
    })
    expect(integrity(file)).toBe('ok')
    const ids = archivedIds(file)
    observed.archived = ids.length
    const served = new Set(mock.list().map((c) => c.id))
    // Nothing the server did not send: a bad page never reaches the archive.
    for (const id of ids) expect(served.has(id), id).toBe(true)
    if (observed.outcome === 'failed') {
      mock.clearFaults()
      await runSync(mock, file, [])
      const after = archivedIds(file)
      observed.afterRerun = after.length
      expect(new Set(after)).toEqual(served)
      expect(integrity(file)).toBe('ok')
    } else {
      expect(new Set(ids)).toEqual(served)
    }
    return observed
  } finally {
    await mock.close()
  }
}

function check(observed: Observed, expected: Expected): void {
  expect(observed.outcome).toBe(expected.outcome)
  if (expected.code) expect(observed.code).toBe(expected.code)
  if (expected.retries !== undefined && observed.outcome === 'completed') {
    expect(observed.retries).toHaveLength(expected.retries)
  } else if (expected.retries !== undefined) {
    expect(observed.retries.length).toBeGreaterThanOrEqual(expected.retries)
  }
  if (observed.outcome === 'failed') {
    // A sentence for people: no stack, no JSON, no HTML.
    expect(observed.message).toMatch(/^[A-Z].*\.$/)
    expect(observed.message).not.toMatch(/\n|\bat \w+ \(|<html|[{}]/i)
  }
}

function rowFor(name: string, endpoint: string, observed: Observed, rows: number): string[] {
  const outcome =
    observed.outcome === 'completed'
      ? 'completed'
      : `failed (${observed.code}); the next sync completed`
  const archived =
    observed.outcome === 'completed'
      ? `${observed.archived} of ${rows}`
      : `${observed.archived} kept, then ${observed.afterRerun} of ${rows}`
  return [
    name,
    endpoint,
    outcome,
    describeRetries(observed.retries),
    archived,
    observed.message || '—'
  ]
}

describe('a full sync meets each fault of the list endpoint', () => {
  for (const testCase of LIST_CASES) {
    it(label(testCase), async () => {
      const observed = await observeListFault(testCase)
      table.push(rowFor(label(testCase), 'list', observed, testCase.rows ?? ROWS))
      check(observed, testCase.expected)
      if (testCase.fault.kind === 'status' && testCase.fault.headers?.['Retry-After']) {
        // The server's Retry-After is the wait asked for, not the client's own backoff.
        const seconds = Number(testCase.fault.headers['Retry-After'])
        for (const retry of observed.retries) expect(retry.delayMs).toBe(seconds * 1000)
      }
    })
  }

  it('a redirect to another origin (once)', async () => {
    const seen: (string | null)[] = []
    const other = await startServer((req, res) => {
      seen.push(req.headers.authorization ?? null)
      res.writeHead(404, { 'Content-Type': 'application/json' })
      res.end('{"message":"Not Found"}')
    })
    const observed = await observeListFault({
      name: 'redirect',
      fault: { kind: 'redirect', location: other.url },
      times: ONCE,
      expected: { outcome: 'failed' }
    })
    const keySeen = seen.some((header) => header?.includes(KEY))
    table.push([
      ...rowFor('302 to another origin (once)', 'list', observed, ROWS).slice(0, 5),
      `${withoutPort(observed.message, other.url).replace('<port>', '<other port>')} ` +
        `(requests the other origin got: ${seen.length})`
    ])
    expect(keySeen).toBe(false)
    // Not followed at all: the key only ever goes to the address in Settings.
    expect(seen).toEqual([])
    expect(observed.code).toBe('server')
    expect(observed.outcome).toBe('failed')
    expect(observed.afterRerun).toBe(ROWS)
  })
})

describe('Get Conversation meets each fault', () => {
  for (const testCase of DETAIL_CASES) {
    it(label(testCase), async () => {
      const mock = await startMockApi({ apiKey: KEY, rows: 20, seed: 5 })
      try {
        const id = mock.list()[3].id
        mock.injectFault(testCase.fault, testCase.times, 'conversation')
        const retries: RetryNotice[] = []
        const observed = await observe(mock.url, retries, async () => {
          const detail = await clientFor(mock, retries).getConversation(id)
          expect(detail.history).toEqual(mock.transcript(id))
        })
        check(observed, testCase.expected)
        table.push([
          label(testCase),
          'Get Conversation',
          observed.outcome === 'completed' ? 'transcript as sent' : `failed (${observed.code})`,
          describeRetries(retries),
          '—',
          observed.message || '—'
        ])
      } finally {
        await mock.close()
      }
    })
  }
})

async function startServer(
  handler: Parameters<typeof createServer>[1]
): Promise<{ url: string; server: Server }> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  )
  return { url, server }
}
