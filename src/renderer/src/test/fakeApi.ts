import { vi } from 'vitest'
import type { Api, AppState, IpcResult, SyncStatus } from '@shared/ipc/contract'
import type { ArchivedConversation, Conversation } from '../../../main/core/types'

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

export function idleSync(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
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

export function appState(overrides: Partial<AppState> = {}): AppState {
  return {
    key: { set: true, lastFour: 'abcd', storage: 'keychain' },
    keychainAvailable: true,
    settings: { baseUrl: 'https://app.autocalls.ai/api', syncIntervalMinutes: 15 },
    defaultBaseUrl: 'https://app.autocalls.ai/api',
    apiKeyHelpUrl: 'https://app.autocalls.ai/settings',
    archive: { path: '/tmp/archive.sqlite', bytes: 1_048_576, conversations: 10 },
    sync: idleSync(),
    demo: false,
    platform: 'linux',
    appVersion: '0.1.0',
    ...overrides
  }
}

/** A fake `window.api` with every channel of the contract; tests override what they need. */
export function installFakeApi(overrides: Partial<Api> = {}): {
  api: Api
  emitSyncStatus: (status: SyncStatus) => void
} {
  const listeners = new Set<(status: SyncStatus) => void>()
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
    getFilterOptions: vi.fn(() => ok({ types: [], assistants: [], senders: [] })),
    revealArchive: vi.fn(() => ok(undefined)),
    onSyncStatus: vi.fn((listener: (status: SyncStatus) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }),
    ...overrides
  }
  window.api = api
  return { api, emitSyncStatus: (status) => listeners.forEach((listener) => listener(status)) }
}
