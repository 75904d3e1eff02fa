import Database from 'better-sqlite3'
import fc from 'fast-check'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS, type InvokeMethod, type IpcResult } from '../../src/shared/ipc/contract'
import { CHANNEL_SCHEMAS } from '../../src/main/core/ipc/channelSchemas'
import { createIpcHandlers, type IpcHandlers } from '../../src/main/core/ipc/createIpcHandlers'
import { startMockApi, type MockApi } from '../../src/main/core/mockApi/mockApiServer'
import { createMemorySecretStore } from '../../src/main/core/secrets/memorySecretStore'
import type { SecretStore } from '../../src/main/core/secrets/secretStore'
import { settingsPath } from '../../src/main/core/settings/settingsFile'
import { recordProof } from './support/proofRecord'
import { proofSeed } from './support/seededRandom'

/**
 * IPC abuse: every invoke channel of the contract is called, through the same handler table
 * main registers with ipcMain, with inputs that break its contract by construction (a field of
 * the wrong type, a string past any limit, an unknown or `__proto__` key, the wrong shape
 * altogether) and with hostile text that is well-typed (SQL, FTS5 syntax, control characters)
 * for the channels that read. Each call must answer an IpcResult (never throw, never crash
 * main); a broken input must get 'invalid-input'; no call may write the archive, the settings
 * or the keychain, reach the server, reveal a file or ask where to save one.
 */

const KEY = 'ipc-fuzz-key-7d1e'
const SEED = proofSeed(424242)
const RUNS_PER_CHANNEL = 150
const ROWS = 120

type Kind =
  'text' | 'nullableText' | 'int' | 'nullableInt' | 'bool' | 'enum' | 'url' | 'date' | 'filters'

/** What each field of each channel's input is, from the contract (src/shared/ipc/contract.ts). */
const FIELD_KINDS: Partial<Record<InvokeMethod, Record<string, Kind>>> = {
  saveApiKey: { apiKey: 'text', baseUrl: 'url', sessionOnly: 'bool' },
  updateSettings: {
    baseUrl: 'url',
    syncIntervalMinutes: 'int',
    transcriptBackfill: 'bool',
    transcriptBackfillDays: 'nullableInt'
  },
  startSync: { mode: 'enum' },
  search: {
    phone: 'text',
    type: 'text',
    assistantId: 'text',
    senderPhone: 'text',
    externalId: 'text',
    text: 'text',
    createdFrom: 'date',
    createdTo: 'date',
    removed: 'enum',
    limit: 'int',
    cursor: 'nullableText'
  },
  getConversation: { id: 'text' },
  getTranscript: { id: 'text' },
  fetchTranscript: { id: 'text' },
  getCustomer: { phone: 'text' },
  saveTranscript: { id: 'text', format: 'enum' },
  startExport: { query: 'filters', format: 'enum', transcripts: 'bool' }
}
FIELD_KINDS.countConversations = FIELD_KINDS.search
// The dashboard's figures take the search's filters without paging.
FIELD_KINDS.getInsights = Object.fromEntries(
  Object.entries(FIELD_KINDS.search ?? {}).filter(
    ([field]) => field !== 'limit' && field !== 'cursor'
  )
)

/** Channels that only read: hostile but well-typed text must be answered without harm. */
const READERS: Partial<Record<InvokeMethod, string[]>> = {
  search: ['phone', 'type', 'assistantId', 'senderPhone', 'externalId', 'text'],
  getInsights: ['phone', 'type', 'assistantId', 'senderPhone', 'externalId', 'text'],
  countConversations: ['phone', 'type', 'assistantId', 'senderPhone', 'externalId', 'text'],
  getConversation: ['id'],
  getTranscript: ['id'],
  getCustomer: ['phone']
}

const deep = (levels: number): unknown => {
  let value: unknown = 'bottom'
  for (let i = 0; i < levels; i++) value = { nested: value }
  return value
}

const WRONG: Record<Kind, unknown[]> = {
  text: [0, 1.5, -1, NaN, true, false, {}, [], ['a'], { toString: 'x' }, null],
  nullableText: [0, true, {}, [], ['cursor'], { length: 1 }],
  int: ['1', '', 1.5, -1, 1e12, NaN, Infinity, -Infinity, true, {}, [], null, '30'],
  nullableInt: ['1', '', 1.5, -1, 1e12, NaN, Infinity, true, {}, []],
  bool: ['true', 'false', 1, 0, null, {}, []],
  enum: ['', 'FULL', ' full', "' OR 1=1 --", 'json\u0000', 0, null, {}, []],
  url: [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'ftp://example.com',
    'not a url',
    '',
    5,
    null,
    {}
  ],
  date: ['yesterday', 'x'.repeat(41), '', 5, {}, [], null],
  // An export's filters: a search query without paging.
  filters: [
    null,
    'all',
    5,
    [],
    { limit: 10 },
    { cursor: 'x' },
    { phone: 5 },
    { text: 'x'.repeat(201) }
  ]
}

/** Well-typed, short, and hostile: the text a person (or a compromised page) could type. */
const HOSTILE_TEXT = [
  "' OR 1=1; DROP TABLE conversations; --",
  '"; DELETE FROM transcripts; --',
  '") OR ("1"="1',
  'NEAR(a b, 3)',
  '"unterminated',
  'a* OR b* NOT c*',
  '-',
  '^start',
  'text:* conversations:*',
  '{col1 col2}: x',
  'AND OR NOT',
  '()()((',
  '%_\\',
  '*',
  '🙂🙂🙂',
  '\uD800',
  '\u202Egnp.exe',
  '../../../../etc/passwd',
  '${process.exit()}',
  '<script>alert(1)</script>',
  '\u0001\u0002\u001b[31m',
  '   ',
  '0',
  '+1 (415) 555-0100'
]

/** Keys no schema has: prototype pollution and friends. */
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'zzz']

function withOwnKey(base: Record<string, unknown>, key: string, value: unknown): unknown {
  // JSON.parse makes `__proto__` an own property, as structured clone delivers it.
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true })
  return copy
}

let dir: string
let mock: MockApi
let handlers: IpcHandlers
let archiveFile: string
let monitor: Database.Database
const secretWrites: string[] = []
const sideEffects: string[] = []
const unhandled: unknown[] = []
const perChannel: { channel: string; calls: number; invalid: number; answered: number }[] = []
let zodNotes: string[] = []

function countingSecrets(): SecretStore {
  const store = createMemorySecretStore()
  return {
    get: (account) => store.get(account),
    async set(account, secret) {
      secretWrites.push(`set ${account}`)
      await store.set(account, secret)
    },
    async delete(account) {
      secretWrites.push(`delete ${account}`)
      return store.delete(account)
    }
  }
}

const onUnhandled = (reason: unknown): void => void unhandled.push(reason)

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  process.on('uncaughtException', onUnhandled)
  dir = mkdtempSync(join(tmpdir(), 'cb-ipc-fuzz-'))
  mock = await startMockApi({ apiKey: KEY, rows: ROWS, seed: 23 })
  archiveFile = join(dir, 'archive.sqlite3')
  handlers = createIpcHandlers({
    userDataDir: join(dir, 'user-data'),
    secretStore: countingSecrets(),
    archivePathFor: () => archiveFile,
    defaultBaseUrl: mock.url,
    clientOptions: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
    emit: () => undefined,
    revealPath: (path) => void sideEffects.push(`reveal ${path}`),
    chooseSavePath: async (name) => {
      sideEffects.push(`save dialog ${name}`)
      return null
    }
  })
  // An archive with rows and transcripts, then nothing in the background: every later write
  // would be the fuzz's doing.
  expect((await handlers.saveApiKey({ apiKey: KEY })).ok).toBe(true)
  await vi.waitFor(
    async () => {
      const state = await handlers.getAppState(undefined)
      if (
        !state.ok ||
        state.value.sync.phase !== 'idle' ||
        state.value.archive.conversations !== ROWS
      ) {
        throw new Error('sync still running')
      }
    },
    { timeout: 30_000, interval: 20 }
  )
  const off = await handlers.updateSettings({ transcriptBackfill: false, syncIntervalMinutes: 0 })
  expect(off.ok).toBe(true)
  await vi.waitFor(
    async () => {
      const state = await handlers.getAppState(undefined)
      if (!state.ok || state.value.backfill.phase === 'running') throw new Error('backfill running')
    },
    { timeout: 30_000, interval: 20 }
  )
  monitor = new Database(archiveFile, { readonly: true })
})

afterAll(async () => {
  monitor?.close()
  await handlers?.dispose()
  await mock?.close()
  process.off('unhandledRejection', onUnhandled)
  process.off('uncaughtException', onUnhandled)
  rmSync(dir, { recursive: true, force: true })
  const calls = perChannel.reduce((sum, c) => sum + c.calls, 0)
  recordProof('ipc', {
    order: 4,
    title: 'IPC abuse: every channel fuzzed',
    method:
      'Every invoke channel of the contract (`src/shared/ipc/contract.ts`) is called through ' +
      'the handler table main registers with ipcMain (`createIpcHandlers`), with inputs made by ' +
      `fast-check (seed ${SEED}; RELIABILITY_SEED replays another): a field of the wrong type, ` +
      'a string past any limit (up to 5 MB) or with a NUL in it, an unknown, `__proto__` or `constructor` key, a ' +
      '10,000-level nested value, or the wrong shape altogether. Each must answer ' +
      '`invalid-input`. The channels that only read also get hostile text that is well-typed ' +
      '(SQL, FTS5 syntax, control characters, a lone surrogate), which must be answered without ' +
      'an internal error. Before and after every call: the archive’s `PRAGMA data_version` (any ' +
      'commit changes it), the settings file’s bytes, the keychain’s writes, the mock API’s ' +
      'requests, file reveals and save dialogs (`tests/reliability/ipcAbuse.test.ts`).',
    findings: [
      `${calls.toLocaleString('en')} calls over ${perChannel.length} channels: every one answered ` +
        'an IpcResult; main never threw, no promise was left rejected.',
      'Every input that broke its channel’s contract got `invalid-input`, with a sentence that ' +
        'never repeats an API key that was sent.',
      'No call wrote the archive, the settings or the keychain, reached the server, revealed ' +
        'a file or opened a save dialog.',
      ...zodNotes
    ],
    tables: [
      {
        columns: [
          'Channel',
          'Calls',
          'Broken inputs → invalid-input',
          'Hostile well-typed text → answered'
        ],
        rows: perChannel.map((c) => [
          c.channel,
          String(c.calls),
          String(c.invalid),
          String(c.answered)
        ])
      }
    ]
  })
})

type Case = { input: unknown; broken: boolean; what: string }

function brokenInputs(method: InvokeMethod): fc.Arbitrary<Case> {
  const kinds = FIELD_KINDS[method]
  const generic: fc.Arbitrary<Case>[] = [
    // The wrong shape altogether: valid for no channel (a void one takes only undefined or null).
    fc
      .oneof(
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.string({ minLength: 1 }),
        fc.constant(''),
        fc.array(fc.anything(), { maxLength: 5 }),
        fc.constant(deep(10_000))
      )
      .map((input) => ({ input, broken: true, what: 'wrong shape' })),
    // An object with a key no schema has, and maybe a hostile value under it.
    fc.tuple(fc.constantFrom(...EXTRA_KEYS), fc.anything()).map(([key, value]) => ({
      input: withOwnKey({}, key, value ?? { polluted: true }),
      broken: true,
      what: `extra key ${key}`
    }))
  ]
  if (!kinds) return fc.oneof(...generic)
  const fields = Object.keys(kinds)
  const fieldMutations: fc.Arbitrary<Case> = fc
    .tuple(fc.constantFrom(...fields), fc.nat(), fc.constantFrom(2_000, 100_000, 5_000_000))
    .chain(([field, pick, hugeLength]) => {
      const kind = kinds[field]
      const wrong = WRONG[kind]
      const choices: unknown[] = [wrong[pick % wrong.length]]
      if (kind === 'text' || kind === 'nullableText' || kind === 'url' || kind === 'date') {
        choices.push(HOSTILE_TEXT[pick % HOSTILE_TEXT.length].padEnd(hugeLength, 'x'))
        // A NUL anywhere: it would end the text early in SQLite's C code.
        const text = HOSTILE_TEXT[pick % HOSTILE_TEXT.length].slice(0, 20)
        choices.push(`${text.slice(0, pick % 5)}\0${text.slice(pick % 5)}`)
      }
      return fc.constantFrom(...choices).map((value) => ({
        input: { [field]: value },
        broken: true,
        what: `${field}: ${kind} ← ${typeof value === 'string' ? `${value.length} chars` : (JSON.stringify(value) ?? String(value))}`
      }))
    })
  const extraOnValid = fc
    .tuple(fc.constantFrom(...fields), fc.constantFrom(...EXTRA_KEYS))
    .map(([field, key]) => ({
      input: withOwnKey({ [field]: validValue(kinds[field]) }, key, { admin: true }),
      broken: true,
      what: `${field} with extra key ${key}`
    }))
  return fc.oneof(...generic, fieldMutations, extraOnValid)
}

function validValue(kind: Kind): unknown {
  switch (kind) {
    case 'text':
    case 'nullableText':
      return 'abc'
    case 'int':
    case 'nullableInt':
      return 30
    case 'bool':
      return true
    case 'enum':
      return 'full'
    case 'url':
      return 'https://example.com'
    case 'date':
      return '2025-01-01'
    case 'filters':
      return {}
  }
}

function hostileReads(method: InvokeMethod): fc.Arbitrary<Case> | null {
  const fields = READERS[method]
  if (!fields) return null
  return fc
    .tuple(
      fc.constantFrom(...fields),
      fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 60 }))
    )
    .filter(([, text]) => text.length > 0 && !text.includes('\0'))
    .map(([field, text]) => ({
      input: { [field]: text },
      broken: false,
      what: `${field}: ${JSON.stringify(text)}`
    }))
}

interface Snapshot {
  dataVersion: number
  settings: string
  secretWrites: number
  requests: number
  sideEffects: number
}

function snapshot(): Snapshot {
  return {
    dataVersion: monitor.pragma('data_version', { simple: true }) as number,
    settings: readFileSync(settingsPath(join(dir, 'user-data')), 'utf8'),
    secretWrites: secretWrites.length,
    requests: mock.requests.length,
    sideEffects: sideEffects.length
  }
}

async function call(method: InvokeMethod, input: unknown): Promise<IpcResult<unknown>> {
  const handler = handlers[method] as (input: unknown) => Promise<IpcResult<unknown>>
  let answer: IpcResult<unknown>
  try {
    answer = await handler(input)
  } catch (error) {
    throw new Error(`${method} threw instead of answering: ${String(error)}`)
  }
  expect(typeof answer?.ok).toBe('boolean')
  return answer
}

it('every channel of the contract has a schema (so the fuzz reaches them all)', () => {
  expect(Object.keys(CHANNEL_SCHEMAS).sort()).toEqual(Object.keys(INVOKE_CHANNELS).sort())
})

it('every channel answers broken input with invalid-input, and hostile reads safely; nothing writes', async () => {
  const methods = Object.keys(INVOKE_CHANNELS) as InvokeMethod[]
  // A channel that takes no input accepts undefined; one that takes an object needs a field table.
  const unmapped = methods.filter(
    (m) => FIELD_KINDS[m] === undefined && !CHANNEL_SCHEMAS[m].safeParse(undefined).success
  )
  // Fields a channel's schema has that the table does not name: fuzzed by shape and keys only.
  const unnamedFields = methods.flatMap((m) => {
    const shape = (CHANNEL_SCHEMAS[m] as { shape?: Record<string, unknown> }).shape
    const kinds = FIELD_KINDS[m]
    if (!shape || !kinds) return []
    return Object.keys(shape)
      .filter((field) => !(field in kinds))
      .map((field) => `${m}.${field}`)
  })
  zodNotes = [
    ...(unmapped.length
      ? [
          `Channels fuzzed by shape and extra keys only (no field table yet): ${unmapped.join(', ')}.`
        ]
      : []),
    ...(unnamedFields.length
      ? [
          `Fields fuzzed by shape and extra keys only (not in the field table yet): ${unnamedFields.join(', ')}.`
        ]
      : [])
  ]
  for (const method of methods) {
    const stats = { channel: method, calls: 0, invalid: 0, answered: 0 }
    perChannel.push(stats)
    const reads = hostileReads(method)
    const cases = reads
      ? fc.oneof({ arbitrary: brokenInputs(method), weight: 2 }, { arbitrary: reads, weight: 1 })
      : brokenInputs(method)
    await fc.assert(
      fc.asyncProperty(cases, async ({ input, broken, what }) => {
        const before = snapshot()
        const answer = await call(method, input)
        stats.calls++
        if (broken) {
          expect(answer.ok, `${method} accepted ${what}`).toBe(false)
          if (!answer.ok) {
            expect(answer.error.code, `${method} ${what}`).toBe('invalid-input')
            // A short sentence that never repeats a key that was sent.
            expect(answer.error.message).toMatch(/^[A-Z][^\n]*\.$/)
            expect(answer.error.message.length).toBeLessThan(600)
            const apiKey = (input as { apiKey?: unknown } | null)?.apiKey
            if (typeof apiKey === 'string' && apiKey.length > 3) {
              expect(answer.error.message).not.toContain(apiKey)
            }
          }
          stats.invalid++
        } else {
          if (!answer.ok)
            expect(answer.error.code, `${method} ${what}: ${answer.error.message}`).not.toBe(
              'internal'
            )
          stats.answered++
        }
        expect(snapshot(), `${method} ${what} changed something`).toEqual(before)
      }),
      { seed: SEED, numRuns: RUNS_PER_CHANNEL }
    )
  }
  expect(unhandled).toEqual([])
  // Main still answers, and the archive is whole.
  const state = await handlers.getAppState(undefined)
  expect(state.ok && state.value.archive.conversations).toBe(ROWS)
  expect(monitor.pragma('integrity_check', { simple: true })).toBe('ok')
})
