import { vi } from 'vitest'
import type {
  Api,
  AppState,
  BackfillStatus,
  ExportStatus,
  IpcResult,
  QuickLookup,
  SyncStatus,
  TranscriptFetch
} from '@shared/ipc/contract'
import type { ArchivedConversation, Conversation } from '../../../shared/model/conversation'
import type { CustomerLookup } from '../../../shared/model/customer'
import type { AccountSummary } from '../../../shared/model/account'
import type { ArchivedTranscript, TranscriptMessage } from '../../../shared/model/transcript'

export function ok<T>(value: T): Promise<IpcResult<T>> {
  return Promise.resolve({ ok: true, value })
}

export function conversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    assistant_id: 'a1',
    assistant_name: 'Acme Support',
    type: 'whatsapp',
    variables: null,
    external_identifier: null,
    message_count: 3,
    total_cost: 0.0123,
    ai_enabled: true,
    created_at: '2025-03-04T05:06:07Z',
    updated_at: null,
    whatsapp_sender: null,
    customer: { name: `Customer ${id}`, phone: '+14155559876' },
    removed_at: null,
    ...overrides
  }
}

export function archived(
  id: string,
  overrides: Partial<ArchivedConversation> = {}
): ArchivedConversation {
  return {
    ...conversation(id),
    first_seen_at: '2025-03-05T00:00:00Z',
    last_seen_at: '2025-03-06T00:00:00Z',
    raw: { id },
    ...overrides
  }
}

export function message(
  role: string,
  content: string,
  functionCalls?: unknown[]
): TranscriptMessage {
  return functionCalls ? { role, content, function_calls: functionCalls } : { role, content }
}

/** A transcript fetched once and current, with a short exchange unless told otherwise. */
export function transcript(
  id: string,
  overrides: Partial<ArchivedTranscript> = {}
): ArchivedTranscript {
  return {
    id,
    fetched_at: '2025-03-06T10:00:00Z',
    messages: [message('user', 'Hello, is my order on its way?'), message('assistant', 'Yes!')],
    fetched_message_count: 2,
    fetched_updated_at: '2025-03-06T09:00:00Z',
    not_found_at: null,
    stale: false,
    ...overrides
  }
}

export function customerOverview(overrides: Partial<CustomerLookup> = {}): CustomerLookup {
  const conversations = overrides.conversations ?? [
    conversation('c2', { created_at: '2025-03-04T05:06:07Z', total_cost: 0.0123 }),
    conversation('c1', { created_at: '2025-01-02T03:04:05Z', type: 'api', total_cost: 0.0021 })
  ]
  return {
    phone: '+14155559876',
    display: '+1 415 555 9876',
    name: 'John Doe',
    conversations,
    count: conversations.length,
    total_cost: 0.0144,
    first_contact_at: '2025-01-02T03:04:05Z',
    last_contact_at: '2025-03-04T05:06:07Z',
    accounts: null,
    unanswered: [],
    ...overrides
  }
}

export function accountSummary(overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id: 'single',
    name: 'app.autocalls.ai',
    baseUrl: 'https://app.autocalls.ai/api',
    current: true,
    keySet: true,
    keyLastFour: 'abcd',
    archivePath: '/tmp/archive.sqlite',
    sync: { phase: 'idle', lastSyncAt: null, lastError: null },
    ...overrides
  }
}

export function idleSync(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    seq: 0,
    phase: 'idle',
    mode: null,
    progress: null,
    fraction: null,
    lastSummary: null,
    lastError: null,
    lastSyncAt: null,
    online: true,
    nextSyncAt: null,
    ...overrides
  }
}

export function idleBackfill(overrides: Partial<BackfillStatus> = {}): BackfillStatus {
  return {
    phase: 'idle',
    done: 0,
    total: 0,
    remainingMs: null,
    requestsPerMinute: null,
    lastError: null,
    ...overrides
  }
}

export function idleExport(overrides: Partial<ExportStatus> = {}): ExportStatus {
  return {
    phase: 'idle',
    format: null,
    step: null,
    done: 0,
    total: null,
    path: null,
    transcriptsDir: null,
    error: null,
    ...overrides
  }
}

export function appState(overrides: Partial<AppState> = {}): AppState {
  return {
    accounts: [accountSummary()],
    key: { set: true, lastFour: 'abcd', storage: 'keychain' },
    keychainAvailable: true,
    settings: {
      baseUrl: 'https://app.autocalls.ai/api',
      syncIntervalMinutes: 15,
      transcriptBackfill: true,
      transcriptBackfillDays: null,
      quickLookupShortcut: 'CommandOrControl+Shift+Space',
      defaultCountry: null,
      keepInTray: false
    },
    defaultBaseUrl: 'https://app.autocalls.ai/api',
    apiKeyHelpUrl: 'https://app.autocalls.ai/settings',
    archive: { path: '/tmp/archive.sqlite', bytes: 1_048_576, conversations: 10 },
    sync: idleSync(),
    backfill: idleBackfill(),
    quickLookup: { accelerator: 'CommandOrControl+Shift+Space', registered: true },
    demo: false,
    platform: 'linux',
    appVersion: '0.1.0',
    ...overrides
  }
}

/** Listeners of one event, and a way to push a payload to them as the main process would. */
function eventSource<T>() {
  const listeners = new Set<(payload: T) => void>()
  return {
    subscribe: vi.fn((listener: (payload: T) => void) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    }),
    emit: (payload: T) => listeners.forEach((listener) => listener(payload))
  }
}

/** A fake `window.api` with every channel of the contract; tests override what they need. */
export function installFakeApi(overrides: Partial<Api> = {}): {
  api: Api
  emitSyncStatus: (status: SyncStatus) => void
  emitBackfillStatus: (status: BackfillStatus) => void
  emitTranscriptFetch: (fetch: TranscriptFetch) => void
  emitExportStatus: (status: ExportStatus) => void
  emitNavigate: (navigate: { address: string }) => void
  emitQuickLookup: (lookup: QuickLookup) => void
  emitAccounts: (accounts: AccountSummary[]) => void
} {
  const syncEvents = eventSource<SyncStatus>()
  const backfillEvents = eventSource<BackfillStatus>()
  const fetchEvents = eventSource<TranscriptFetch>()
  const exportEvents = eventSource<ExportStatus>()
  const navigateEvents = eventSource<{ address: string }>()
  const quickLookupEvents = eventSource<QuickLookup>()
  const accountEvents = eventSource<AccountSummary[]>()
  const api: Api = {
    getAppState: vi.fn(() => ok(appState())),
    saveApiKey: vi.fn(() => ok({ set: true, lastFour: 'abcd', storage: 'keychain' as const })),
    removeApiKey: vi.fn(() => ok({ set: false, lastFour: null, storage: null })),
    updateSettings: vi.fn(() => ok(appState())),
    startSync: vi.fn(() => ok(idleSync({ phase: 'running' }))),
    cancelSync: vi.fn(() => ok(idleSync({ phase: 'cancelling' }))),
    search: vi.fn(() => ok({ conversations: [], nextCursor: null })),
    countConversations: vi.fn(() => ok({ count: 0, capped: false })),
    getConversation: vi.fn(() => ok(null)),
    getStats: vi.fn(() => Promise.reject(new Error('not faked'))),
    getInsights: vi.fn(() => Promise.reject(new Error('not faked'))),
    getFilterOptions: vi.fn(() => ok({ types: [], assistants: [], senders: [] })),
    revealArchive: vi.fn(() => ok(undefined)),
    startNewArchive: vi.fn(() => ok({ keptAs: '/archives/app.sqlite3.not-an-archive-1' })),
    getTranscript: vi.fn(({ id }: { id: string }) => ok(transcript(id))),
    fetchTranscript: vi.fn(({ id }: { id: string }) =>
      ok<TranscriptFetch>({ id, phase: 'fetching', error: null })
    ),
    pauseBackfill: vi.fn(() => ok(idleBackfill({ phase: 'paused' }))),
    resumeBackfill: vi.fn(() => ok(idleBackfill({ phase: 'running' }))),
    getCustomer: vi.fn(({ phone }: { phone: string }) => ok(customerOverview({ phone }))),
    saveTranscript: vi.fn(() => ok({ saved: true })),
    startExport: vi.fn(({ format }: { format: ExportStatus['format'] }) =>
      ok(idleExport({ phase: 'running', format, path: `/tmp/conversations.${format}` }))
    ),
    cancelExport: vi.fn(() => ok(idleExport({ phase: 'cancelling' }))),
    addAccount: vi.fn(() => ok(appState())),
    renameAccount: vi.fn(() => ok([accountSummary()])),
    removeAccount: vi.fn(() => ok(appState())),
    switchAccount: vi.fn(() => ok(appState())),
    onSyncStatus: syncEvents.subscribe,
    onBackfillStatus: backfillEvents.subscribe,
    onTranscriptFetch: fetchEvents.subscribe,
    onExportStatus: exportEvents.subscribe,
    onNavigate: navigateEvents.subscribe,
    onQuickLookup: quickLookupEvents.subscribe,
    onAccounts: accountEvents.subscribe,
    ...overrides
  }
  window.api = api
  return {
    api,
    emitSyncStatus: syncEvents.emit,
    emitBackfillStatus: backfillEvents.emit,
    emitTranscriptFetch: fetchEvents.emit,
    emitExportStatus: exportEvents.emit,
    emitNavigate: navigateEvents.emit,
    emitQuickLookup: quickLookupEvents.emit,
    emitAccounts: accountEvents.emit
  }
}
