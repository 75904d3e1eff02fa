import type {
  ArchiveStats,
  ArchivedConversation,
  ArchivedTranscript,
  ConversationInput,
  CustomerOverview,
  SearchPage,
  SearchQuery,
  TranscriptMessage
} from '../types'
import type { ArchiveCounts } from './counts'
import type { Insights } from '../../../shared/model/insights'
import type { AssistantSummary, SenderSummary } from '../../../shared/model/filterOptions'

export type { AssistantSummary, SenderSummary }

/** Where an interrupted crawl stands; written in the same transaction as the page it follows. */
export interface CrawlCheckpoint {
  mode: 'full' | 'quick'
  /** ISO time the crawl started; rows not seen since then are removed when a full crawl ends. */
  startedAt: string
  /** The cursor to fetch next; null before the first page. */
  cursor: string | null
  pages: number
  rows: number
}

export interface PageToWrite {
  rows: readonly ConversationInput[]
  /** When the page was fetched: every row in it gets this as last_seen_at. */
  seenAt: string
  /** Where the crawl stands once this page is written. */
  checkpoint: CrawlCheckpoint
}

export interface PageWriteResult {
  inserted: number
  updated: number
  unchanged: number
}

export interface CrawlCompletion {
  mode: 'full' | 'quick'
  startedAt: string
  finishedAt: string
  /** True when the crawl walked every page: rows not seen since startedAt are then removed. */
  complete: boolean
  /** Rows up to this rowid were already marked by markRemovedBatch. */
  markedUpTo?: number
}

export interface RemovedBatch {
  marked: number
  /** Where the next batch starts (pass it as afterRowid), or null when every row was visited. */
  nextAfterRowid: number | null
}

export interface SyncHistory {
  lastSyncAt: string | null
  lastCompleteCrawlAt: string | null
}

/** A fetched transcript, to store in place of what was archived for its conversation. */
export interface TranscriptToWrite {
  /** The conversation's id. */
  id: string
  fetchedAt: string
  /** Oldest first, as received. */
  messages: readonly TranscriptMessage[]
  /** The conversation's message_count and updated_at when it was chosen for fetching. */
  messageCount: number | null
  updatedAt: string | null
}

/** A conversation whose transcript the backfill should fetch. */
export interface TranscriptTarget {
  id: string
  createdAt: string
  messageCount: number | null
  updatedAt: string | null
  /** Never fetched, or fetched before the list showed the conversation changed. */
  reason: 'missing' | 'stale'
}

export interface TranscriptTargetQuery {
  /** At most this many, newest first. */
  limit: number
  /** Only conversations created at or after this ISO time; null or absent for all. */
  createdFrom?: string | null
  /** Keyset: only targets older than this one (the last of the previous batch). */
  before?: { createdAt: string; id: string } | null
}

/** How the archive's transcripts stand; removed conversations are not targets. */
export interface TranscriptCounts {
  /** Never fetched (not counting those the server said it does not have). */
  missing: number
  /** Fetched, but the list shows the conversation changed since. */
  stale: number
  /** Fetched and current. */
  current: number
  /** The server answered "Conversation not found" and nothing changed since. */
  notFound: number
}

/** An open archive file. Every method is synchronous (better-sqlite3) and bounded. */
export interface Archive {
  readonly file: string
  search(query: SearchQuery): SearchPage
  /** How many rows match, counted up to `cap` (default 10,000) so a count never scans the world. */
  count(query: SearchQuery, cap?: number): number
  get(id: string): ArchivedConversation | null
  stats(): ArchiveStats
  /** The dashboard's figures for the matches of a search's filters; see insights/. */
  insights(query: SearchQuery): Insights
  /** The row counts, from two index probes: see counts.ts. */
  counts(): ArchiveCounts
  /** The conversation types that occur, in order. */
  types(): string[]
  assistants(): AssistantSummary[]
  senders(): SenderSummary[]
  /** Upserts pages and saves the last one's checkpoint, in one transaction; see writePage.ts. */
  writePages(pages: readonly PageToWrite[]): PageWriteResult[]
  /** writePages for one page. */
  writePage(
    rows: readonly ConversationInput[],
    seenAt: string,
    checkpoint: CrawlCheckpoint
  ): PageWriteResult
  readCheckpoint(): CrawlCheckpoint | null
  /** Ends a crawl: clears the checkpoint, records the time, and if complete marks unseen rows removed. Returns how many were marked. */
  completeCrawl(completion: CrawlCompletion): number
  /** Marks removed, in one bounded rowid range, what completeCrawl would; see completeCrawl.ts. */
  markRemovedBatch(completion: CrawlCompletion, afterRowid: number, batchRows: number): RemovedBatch
  syncHistory(): SyncHistory
  /** The archived transcript of a conversation; null when the archive has no such conversation. */
  transcript(id: string): ArchivedTranscript | null
  /** Every conversation with this phone number, in any spelling of it; see customer.ts. */
  customer(phone: string): CustomerOverview
  /** Replaces the conversation's transcript and its search index in one transaction. */
  writeTranscript(transcript: TranscriptToWrite): void
  /** writeTranscript for many, in one transaction: the fast path for bulk loads (benchmarks). */
  writeTranscripts(transcripts: readonly TranscriptToWrite[]): void
  /**
   * Records that the server has no such conversation, keeping whatever transcript is archived:
   * it is not asked for again until the list shows the conversation changed.
   */
  markTranscriptNotFound(
    target: Omit<TranscriptToWrite, 'messages' | 'fetchedAt'>,
    at: string
  ): void
  /** Missing and stale transcripts, newest conversation first, removed ones left out. */
  transcriptTargets(query: TranscriptTargetQuery): TranscriptTarget[]
  /** Scans every conversation: hundreds of ms at a million rows, so off the window's reader. */
  transcriptCounts(options?: { createdFrom?: string | null }): TranscriptCounts
  /**
   * Writes a whole, consistent copy of the archive as this connection sees it to a new file
   * (VACUUM INTO): how the app writes back an archive whose file was deleted while it was open.
   */
  copyTo(file: string): void
  close(): void
}
