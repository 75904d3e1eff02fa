/**
 * The renderer's only door to the main process: every call goes through `window.api`, and every
 * IpcResult is unwrapped here so stores deal in values and `ApiError`s, never in result objects.
 */
import type {
  AddAccountInput,
  Api,
  AppSettings,
  BackfillStatus,
  ExportInput,
  ExportStatus,
  InAccount,
  InsightsQuery,
  IpcErrorCode,
  IpcResult,
  QuickLookup,
  RemoveAccountInput,
  SaveKeyInput,
  SaveTranscriptInput,
  SyncStatus,
  TranscriptFetch
} from '@shared/ipc/contract'
import type { SyncMode } from '../../shared/model/sync'
import type { SearchQuery } from '../../shared/model/search'
import type { AccountSummary } from '../../shared/model/account'

export class ApiError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  return new ApiError('internal', error instanceof Error ? error.message : String(error))
}

function bridge(): Api {
  return window.api
}

async function unwrap<T>(call: () => Promise<IpcResult<T>>): Promise<T> {
  let result: IpcResult<T>
  try {
    result = await call()
  } catch (error) {
    throw toApiError(error)
  }
  if (result.ok) return result.value
  throw new ApiError(result.error.code, result.error.message)
}

/** A conversation of another account names it; one of the current account is asked as before. */
function inAccount(id: string, accountId: string | undefined): { id: string } & InAccount {
  return accountId === undefined ? { id } : { id, accountId }
}

export const api = {
  getAppState: () => unwrap(() => bridge().getAppState()),
  saveApiKey: (input: SaveKeyInput) => unwrap(() => bridge().saveApiKey(input)),
  removeApiKey: () => unwrap(() => bridge().removeApiKey()),
  updateSettings: (input: Partial<AppSettings>) => unwrap(() => bridge().updateSettings(input)),
  startSync: (mode: SyncMode) => unwrap(() => bridge().startSync({ mode })),
  cancelSync: () => unwrap(() => bridge().cancelSync()),
  search: (query: SearchQuery) => unwrap(() => bridge().search(query)),
  countConversations: (query: SearchQuery) => unwrap(() => bridge().countConversations(query)),
  getConversation: (id: string) => unwrap(() => bridge().getConversation({ id })),
  getFilterOptions: () => unwrap(() => bridge().getFilterOptions()),
  revealArchive: () => unwrap(() => bridge().revealArchive()),
  startNewArchive: () => unwrap(() => bridge().startNewArchive()),
  getTranscript: (id: string, accountId?: string) =>
    unwrap(() => bridge().getTranscript(inAccount(id, accountId))),
  fetchTranscript: (id: string, accountId?: string) =>
    unwrap(() => bridge().fetchTranscript(inAccount(id, accountId))),
  saveTranscript: (input: SaveTranscriptInput & InAccount) =>
    unwrap(() => bridge().saveTranscript(input)),
  pauseBackfill: () => unwrap(() => bridge().pauseBackfill()),
  resumeBackfill: () => unwrap(() => bridge().resumeBackfill()),
  getCustomer: (phone: string, allAccounts: boolean) =>
    unwrap(() => bridge().getCustomer(allAccounts ? { phone, allAccounts } : { phone })),
  getInsights: (query: InsightsQuery) => unwrap(() => bridge().getInsights(query)),
  startExport: (input: ExportInput) => unwrap(() => bridge().startExport(input)),
  cancelExport: () => unwrap(() => bridge().cancelExport()),
  addAccount: (input: AddAccountInput) => unwrap(() => bridge().addAccount(input)),
  renameAccount: (id: string, name: string) => unwrap(() => bridge().renameAccount({ id, name })),
  removeAccount: (input: RemoveAccountInput) => unwrap(() => bridge().removeAccount(input)),
  switchAccount: (id: string) => unwrap(() => bridge().switchAccount({ id })),
  onSyncStatus: (listener: (status: SyncStatus) => void): (() => void) =>
    bridge().onSyncStatus(listener),
  onBackfillStatus: (listener: (status: BackfillStatus) => void): (() => void) =>
    bridge().onBackfillStatus(listener),
  onTranscriptFetch: (listener: (fetch: TranscriptFetch) => void): (() => void) =>
    bridge().onTranscriptFetch(listener),
  onExportStatus: (listener: (status: ExportStatus) => void): (() => void) =>
    bridge().onExportStatus(listener),
  onNavigate: (listener: (navigate: { address: string }) => void): (() => void) =>
    bridge().onNavigate(listener),
  onQuickLookup: (listener: (lookup: QuickLookup) => void): (() => void) =>
    bridge().onQuickLookup(listener),
  onAccounts: (listener: (accounts: AccountSummary[]) => void): (() => void) =>
    bridge().onAccounts(listener)
}
