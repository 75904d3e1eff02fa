/**
 * The archive core's public entry: everything here runs under plain Node (no Electron), so the
 * app, the CLI, the tests and the benchmarks share the very same code.
 */
export { openArchive } from './archive/openArchive'
export type {
  Archive,
  CrawlCheckpoint,
  SyncHistory,
  TranscriptCounts,
  TranscriptTarget,
  TranscriptTargetQuery,
  TranscriptToWrite
} from './archive/archive'
export { MAX_TARGETS } from './archive/transcriptTargets'
export { messageSnippet, SNIPPET_CHARS, type SnippetMessage } from './archive/snippet'
export {
  parseSearchText,
  toTextQuery,
  MAX_TERMS,
  type SearchTerm,
  type TextQuery,
  type TranscriptTerm
} from './archive/ftsQuery'
export { createInlineWriter, type ArchiveWriter } from './sync/archiveWriter'
export { startWriterThread, ArchiveWriteError } from './sync/writerThread'
export { SOURCE_WRITER_ENTRY } from './sync/writerEntry'
export { createInlineReader, type ArchiveReader } from './reader/archiveReader'
export { startReaderThread } from './reader/readerThread'
export { SOURCE_READER_ENTRY } from './reader/readerEntry'
export { CUSTOMER_CONVERSATION_LIMIT } from './types'
export {
  conversationPages,
  EXPORT_PAGE_ROWS,
  type ConversationFilter
} from './export/conversationPages'
export {
  exportConversations,
  type ExportSource,
  type ExportTargets
} from './export/exportConversations'
export { exportToFile, transcriptsDirFor, type FileExportSummary } from './export/exportToFile'
export { runExport, type ExportRun } from './export/runExport'
export { SOURCE_EXPORT_ENTRY } from './export/exportEntry'
export {
  ExportCancelledError,
  type ExportFormat,
  type ExportProgress,
  type ExportRequest,
  type ExportSummary
} from './export/exportTypes'
export { syncArchive, SYNC_PAGE_SIZE, type SyncOptions } from './sync/syncArchive'
export type { SyncMode, SyncProgress, SyncSummary } from '../../shared/model/sync'
export { createApiClient, DEFAULT_BASE_URL } from './api/client'
export type { ApiClient, ApiClientOptions, ListConversationsParams } from './api/client'
export type { ConversationDetail, GetConversationOptions } from './api/getConversation'
export {
  createRatePacer,
  type RatePacer,
  type RatePacerOptions,
  type RequestPriority
} from './api/ratePacer'
export { createPacerRegistry, type PacerRegistry } from './api/pacerRegistry'
export {
  backfillTranscripts,
  MAX_FAILURES_IN_A_ROW,
  TARGET_BATCH,
  type BackfillOptions,
  type BackfillProgress,
  type BackfillSummary,
  type TranscriptWriter
} from './transcripts/backfillTranscripts'
export {
  createTranscriptJobs,
  type BackfillJobStatus,
  type BackfillSettings,
  type ListedConversation,
  type TranscriptAccount,
  type TranscriptFetchState,
  type TranscriptJobs,
  type TranscriptJobsOptions
} from './transcripts/transcriptJobs'
export { ConversationNotArchivedError, NoApiKeyError } from './transcripts/transcriptErrors'
export { createKeytarSecretStore } from './secrets/keytarSecretStore'
export { createMemorySecretStore } from './secrets/memorySecretStore'
export { KEYCHAIN_SERVICE, apiKeyAccount, type SecretStore } from './secrets/secretStore'
export { defaultArchivePath } from './paths'
export * from './errors'
export type * from './types'
