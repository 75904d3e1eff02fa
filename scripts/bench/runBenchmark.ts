import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openArchive } from '../../src/main/core'
import type { BenchmarkFigures } from './figures'
import { bundleWorkers } from './bundleWorkers'
import { everyTenth, FULL_SYNC_SEED, runFullSync } from './fullSync'
import {
  accountsLookupFigures,
  describeAccountsLookup,
  measureAccountsLookup,
  type AccountsLookupScale
} from './measureAccountsLookup'
import { measureEventLoop } from './measureEventLoop'
import { measureFilteredPages } from './measureFilteredPages'
import { measureBackfill, type BackfillScale } from './measureBackfill'
import { measureIngest } from './measureIngest'
import { measurePhoneSearch } from './measureSearch'
import { measureStats } from './measureStats'
import { measureInsights } from './measureInsights'
import { describeExport, measureExport } from './measureExport'
import { measureSyncOverhead } from './measureSyncOverhead'
import { buildTextQueries, measureTranscriptSearch } from './measureTranscriptSearch'
import { loadTranscripts } from './measureTranscripts'
import { buildPhoneQueries } from './phoneQueries'
import { round } from './statistics'

export interface BenchmarkRun {
  figures: BenchmarkFigures
  /** What the figures were measured over, for the readable report. */
  details: Record<string, string>
}

/** The sizes of the side syncs; smaller only to check the benchmark itself quickly. */
export interface BenchmarkScale {
  overheadRows?: number
  eventLoopRows?: number
  ingestRows?: number
  /** Conversations given a transcript, newest first: all of the full sync's by default. */
  transcriptConversations?: number
  /** Messages in a transcript on average: DEFAULT_MESSAGES_PER_CONVERSATION by default. */
  messagesPerConversation?: number
  backfill?: BackfillScale
  /** The lookup across accounts: 5 archives of 200,000 conversations by default. */
  accounts?: AccountsLookupScale
}

/** Ten million messages over a million conversations. */
export const DEFAULT_MESSAGES_PER_CONVERSATION = 10

/** Where the run stands, for a person watching a run that takes minutes. */
export type BenchmarkProgress = (message: string) => void

function fileBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0)
}

/**
 * One run of every measurement over an archive of `rows` conversations, built and then
 * removed in a temporary directory. The phases run in this order on purpose: the full-size sync
 * first, so the process's peak RSS is the sync's and not a later phase's.
 */
export async function runBenchmark(
  rows: number,
  progress: BenchmarkProgress,
  scale: BenchmarkScale = {}
): Promise<BenchmarkRun> {
  const dir = mkdtempSync(join(tmpdir(), 'conversation-browser-bench-'))
  const file = join(dir, 'archive.sqlite')
  try {
    progress(`Syncing ${rows.toLocaleString('en')} conversations from the mock API…`)
    const workers = await bundleWorkers()
    const sync = await runFullSync(file, rows, workers, everyTenth(rows, progress))
    const bytes = fileBytes(file)

    const archive = openArchive(file)
    try {
      progress('Phone search and the LIKE scan…')
      const phone = measurePhoneSearch(archive, file)
      progress('Filtered list pages…')
      const pages = measureFilteredPages(archive)
      progress('Stats…')
      const stats = measureStats(archive)
      progress('Dashboard…')
      const dashboardDb = new Database(file, { readonly: true })
      const dashboardPhones = buildPhoneQueries(dashboardDb, {
        count3: 20,
        countLonger: 50,
        seed: 29
      })
      const dashboard = measureInsights(archive, dashboardDb, dashboardPhones)
      dashboardDb.close()
      progress('Export of 6,000 and 60,000 rows, each in a process of its own…')
      const exportCsv = await measureExport(file, dir, 'csv')
      const exportJsonl = await measureExport(file, dir, 'jsonl')
      progress('Event loop during a sync with searches…')
      const reader = new Database(file, { readonly: true })
      const queries = buildPhoneQueries(reader, { count3: 20, countLonger: 80, seed: 13 })
      reader.close()
      const loop = await measureEventLoop(
        archive,
        [...queries.short, ...queries.longer],
        workers,
        scale.eventLoopRows
      )
      progress('Sync overhead at 50 ms per page…')
      const overhead = await measureSyncOverhead(
        join(dir, 'overhead.sqlite'),
        workers.writerEntry,
        scale.overheadRows
      )
      const backfillWindows = scale.backfill?.windows ?? 3
      progress(`Transcript backfill beside a list sync, ${backfillWindows} rate windows…`)
      const backfill = await measureBackfill(
        join(dir, 'backfill.sqlite'),
        workers.writerEntry,
        scale.backfill
      )
      // Then: it adds rows to the archive the other phases measured.
      progress('Ingest into the full archive…')
      const ingest = await measureIngest(file, workers.writerEntry, {
        archiveRows: archive.counts().total,
        crawledRows: sync.rows,
        seed: FULL_SYNC_SEED,
        rows: scale.ingestRows
      })
      // Last: the transcripts make the archive several times as big.
      const perConversation = scale.messagesPerConversation ?? DEFAULT_MESSAGES_PER_CONVERSATION
      const transcriptConversations = scale.transcriptConversations ?? sync.rows
      progress(
        `Transcripts: ${transcriptConversations.toLocaleString('en')} conversations, about ${(transcriptConversations * perConversation).toLocaleString('en')} messages…`
      )
      const load = loadTranscripts(
        archive,
        { conversations: transcriptConversations, messagesPerConversation: perConversation },
        progress
      )
      progress('Text search over the transcripts…')
      const phoneReader = new Database(file, { readonly: true })
      const phones = buildPhoneQueries(phoneReader, { count3: 0, countLonger: 100, seed: 37 })
      phoneReader.close()
      const text = measureTranscriptSearch(archive, buildTextQueries(file, phones.longer, 41))
      const textDetail = (kind: keyof typeof text): string => {
        const k = text[kind]
        return `${k.queries} queries, p50 ${k.p50Ms.toFixed(1)} ms, ${k.fullPages} filled the page of 50, slowest ${k.slowest.ms.toFixed(0)} ms (${k.slowest.query})`
      }
      const windowSeconds = backfill.windowMs / 1000
      // Archives of their own, in a folder of their own: nothing above reads them.
      const accounts = await measureAccountsLookup(workers, progress, scale.accounts)

      return {
        figures: {
          rows: sync.rows,
          phone_search_p50_ms: round(phone.p50Ms, 3),
          phone_search_p95_ms: round(phone.p95Ms, 3),
          phone_search_p95_ms_3digits: round(phone.p95Ms3Digits, 3),
          like_scan_p50_ms: round(phone.likeP50Ms),
          like_scan_ratio: round(phone.likeP50Ms / phone.searchP50OnLikeQueriesMs, 1),
          first_page_ms: round(pages.firstPageP95Ms, 3),
          next_page_ms: round(pages.nextPageP95Ms, 3),
          stats_ms: round(stats.medianMs),
          dashboard_all_time_ms: round(dashboard.allTimeMs),
          dashboard_rollup_max_ms: round(dashboard.rollupMaxMs),
          dashboard_phone_p95_ms: round(dashboard.phoneP95Ms),
          dashboard_phone_p95_ms_3digits: round(dashboard.phone3P95Ms),
          dashboard_other_max_ms: round(dashboard.otherMaxMs),
          export_csv_rows_per_s: Math.round(exportCsv.rowsPerSecond),
          export_csv_peak_growth_mb: round(exportCsv.rssGrowthMb, 1),
          export_jsonl_rows_per_s: Math.round(exportJsonl.rowsPerSecond),
          export_jsonl_peak_growth_mb: round(exportJsonl.rssGrowthMb, 1),
          ingest_rows_per_s: Math.round(ingest.rowsPerSecond),
          sync_overhead_ratio: round(overhead.ratio, 3),
          event_loop_max_delay_ms: round(loop.maxDelayMs),
          peak_rss_mb: round(sync.peakRssMb, 1),
          bytes_per_conversation: Math.round(bytes / sync.rows),
          messages: load.messages,
          text_search_p95_ms_two_words: round(text.twoWords.p95Ms, 3),
          text_search_p95_ms_phrase: round(text.phrase.p95Ms, 3),
          text_search_p95_ms_common_word: round(text.commonWord.p95Ms, 3),
          text_search_p95_ms_rare_word: round(text.rareWord.p95Ms, 3),
          text_search_p95_ms_words_and_phone: round(text.wordsAndPhone.p95Ms, 3),
          bytes_per_message: Math.round(load.bytesPerMessage),
          transcript_write_messages_per_s: Math.round(load.singleMessagesPerSecond),
          transcript_bulk_messages_per_s: Math.round(load.bulkMessagesPerSecond),
          backfill_rate_used_pct: round(backfill.usedShare * 100, 1),
          backfill_429s_per_window: backfill.maxRejectedPerWindow,
          ...accountsLookupFigures(accounts)
        },
        details: {
          'full sync': `${sync.pages} pages in ${(sync.durationMs / 1000).toFixed(1)} s, of which the writer thread was busy ${(sync.writeMs / 1000).toFixed(1)} s (${Math.round(sync.ingestRowsPerSecond).toLocaleString('en')} rows/s, sharing the cores with the mock API and the HTTP client)`,
          ingest: `${ingest.rows.toLocaleString('en')} new rows in ${(ingest.durationMs / 1000).toFixed(1)} s into the archive of ${ingest.archiveRows.toLocaleString('en')}, pages fetched and validated beforehand`,
          'phone queries': `${phone.queries} (4+ digits p50 over all, LIKE over the first ${phone.likeQueries})`,
          'filtered lists': `${pages.lists}, p95 of first and next pages`,
          stats: `median of 5, first run ${stats.firstMs.toFixed(1)} ms`,
          dashboard: `archive.insights, median of 5 (first run) and where the figures came from: ${dashboard.cases.map((c) => `${c.name} ${c.medianMs.toFixed(1)} (${c.firstMs.toFixed(1)}) ms ${c.source}`).join('; ')}; ${dashboard.phoneQueries} customer phone fragments of 4+ digits, each once; ${dashboard.phone3Queries} of 3 digits, the slowest "${dashboard.phone3Slowest.typed}" ${dashboard.phone3Slowest.ms.toFixed(0)} ms over ${dashboard.phone3Slowest.rows.toLocaleString('en')} conversations`,
          export: [exportCsv, exportJsonl].map(describeExport).join('; '),
          'event loop': `${loop.searches} searches during a sync of ${loop.syncedRows} new rows and a full crawl's check of every row for removal`,
          'sync overhead': `${overhead.pages} pages in ${(overhead.durationMs / 1000).toFixed(1)} s; the same pages fetched alone, writing nothing: ${overhead.fetchOnlyRatio.toFixed(3)} ×`,
          transcripts: `${load.conversations.toLocaleString('en')} of the archive's ${archive.counts().total.toLocaleString('en')} conversations (the newest), ${load.messages.toLocaleString('en')} messages of ${load.averageChars.toFixed(0)} characters on average; bulk: ${((load.messages - load.singleMessages) / 1000).toFixed(0)}k messages in ${(load.bulkMs / 1000).toFixed(0)} s through writeTranscripts, 500 transcripts a transaction; one a commit: the newest ${load.singleTranscripts.toLocaleString('en')} transcripts (${load.singleMessages.toLocaleString('en')} messages) through writeTranscript, last, into the full archive`,
          'text, two words': textDetail('twoWords'),
          'text, phrase': textDetail('phrase'),
          'text, common word': textDetail('commonWord'),
          'text, rare word': textDetail('rareWord'),
          'text, words + phone': textDetail('wordsAndPhone'),
          backfill: `${backfill.windows.length} windows of ${windowSeconds} s at ${backfill.limit} requests (the mock's throttle and the pacer's window alike), 50 to 150 ms a request: ${backfill.windows.map((w) => w.allowed).join(', ')} allowed, ${backfill.rejected} rejected (the clients saw ${backfill.answered429} 429s); ${backfill.listRequests} list pages (${backfill.crawls} full crawl${backfill.crawls === 1 ? '' : 's'} of the account and part of the next) and ${backfill.transcriptRequests} transcripts (${backfill.fetched} archived), one pacer from the registry`,
          'customer lookup across accounts': describeAccountsLookup(accounts)
        }
      }
    } finally {
      archive.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The lookup across accounts alone (`--only accounts`): its archives, its figures. */
export async function runAccountsBenchmark(
  progress: BenchmarkProgress,
  scale: AccountsLookupScale = {}
): Promise<{ figures: Partial<BenchmarkFigures>; details: Record<string, string> }> {
  const accounts = await measureAccountsLookup(await bundleWorkers(), progress, scale)
  return {
    figures: accountsLookupFigures(accounts),
    details: { 'customer lookup across accounts': describeAccountsLookup(accounts) }
  }
}
