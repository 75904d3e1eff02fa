import type { PageToWrite, PageWriteResult } from '../../src/main/core/archive/archive'
import { parseConversationPage } from '../../src/main/core/api/normalizeConversation'
import { generateConversation } from '../../src/main/core/mockApi/generateConversations'
import { MAX_PAGES_IN_FLIGHT, SYNC_PAGE_SIZE } from '../../src/main/core/sync/syncArchive'
import { startWriterThread } from '../../src/main/core/sync/writerThread'

export interface IngestFigures {
  rows: number
  /** What the archive held before: the rate is for an archive of this size. */
  archiveRows: number
  durationMs: number
  rowsPerSecond: number
}

/** 1,000 pages: several seconds of writing at a million rows, spanning several checkpoints. */
export const INGEST_ROWS = 100_000

export interface IngestOptions {
  /** What the archive holds now: the rate is for an archive of this size. */
  archiveRows: number
  /** How far the full-size sync crawled the account generated from `seed`. */
  crawledRows: number
  seed: number
  rows?: number
}

/**
 * The pages the crawl of that account would bring next: older conversations, many of them from
 * customers already archived, parsed and validated as the sync's client does.
 */
function nextCrawlPages(crawledRows: number, seed: number, rows: number): PageToWrite[] {
  const startedAt = new Date().toISOString()
  const pages: PageToWrite[] = []
  for (let written = 0; written < rows; written += SYNC_PAGE_SIZE) {
    const data = []
    for (let i = written; i < Math.min(written + SYNC_PAGE_SIZE, rows); i++) {
      data.push(generateConversation(crawledRows + i, { seed, total: crawledRows }))
    }
    const body: unknown = JSON.parse(
      JSON.stringify({ data, next_cursor: 'next', prev_cursor: null, per_page: SYNC_PAGE_SIZE })
    )
    const parsed = parseConversationPage(body)
    if (!parsed.ok) throw new Error(`A generated page does not validate: ${parsed.problem}`)
    pages.push({
      rows: parsed.page.conversations,
      seenAt: new Date().toISOString(),
      checkpoint: {
        mode: 'full',
        startedAt,
        cursor: 'next',
        pages: pages.length + 1,
        rows: written + data.length
      }
    })
  }
  return pages
}

/**
 * Ingest with every index in place, into the full-size archive, as the sync writes: pages
 * handed to the writer thread with at most MAX_PAGES_IN_FLIGHT waiting, each committed with its
 * checkpoint. The pages are fetched and validated before the clock starts, so the figure is the
 * write path's own, with a core to itself, and not shared with the mock server or the client.
 */
export async function measureIngest(
  file: string,
  writerEntry: string,
  { archiveRows, crawledRows, seed, rows = INGEST_ROWS }: IngestOptions
): Promise<IngestFigures> {
  const pages = nextCrawlPages(crawledRows, seed, rows)
  const writer = await startWriterThread(file, writerEntry)
  try {
    const inFlight: Promise<PageWriteResult>[] = []
    let inserted = 0
    const started = performance.now()
    for (const page of pages) {
      const written = writer.writePage(page)
      inFlight.push(written.then((result) => ((inserted += result.inserted), result)))
      while (inFlight.length >= MAX_PAGES_IN_FLIGHT) await inFlight.shift()
    }
    await Promise.all(inFlight)
    const durationMs = performance.now() - started
    // Rows already archived would be cheaper updates: every one must be new.
    if (inserted !== rows) throw new Error(`Ingest inserted ${inserted} of ${rows} new rows`)
    return { rows, archiveRows, durationMs, rowsPerSecond: rows / (durationMs / 1000) }
  } finally {
    await writer.close()
  }
}
