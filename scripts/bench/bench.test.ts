import { describe, expect, it } from 'vitest'
import { TARGETS, type BenchmarkFigures } from './figures'
import { rateUse } from './measureBackfill'
import { formatReport } from './report'
import { runBenchmark } from './runBenchmark'
import { createTextGenerator, VOCABULARY_SIZE, vocabulary } from './transcriptText'

const KEYS: (keyof BenchmarkFigures)[] = [
  'rows',
  'phone_search_p50_ms',
  'phone_search_p95_ms',
  'phone_search_p95_ms_3digits',
  'like_scan_p50_ms',
  'like_scan_ratio',
  'first_page_ms',
  'next_page_ms',
  'stats_ms',
  'dashboard_all_time_ms',
  'dashboard_rollup_max_ms',
  'dashboard_phone_p95_ms',
  'dashboard_phone_p95_ms_3digits',
  'dashboard_other_max_ms',
  'export_csv_rows_per_s',
  'export_csv_peak_growth_mb',
  'export_jsonl_rows_per_s',
  'export_jsonl_peak_growth_mb',
  'ingest_rows_per_s',
  'sync_overhead_ratio',
  'event_loop_max_delay_ms',
  'peak_rss_mb',
  'bytes_per_conversation',
  'messages',
  'text_search_p95_ms_two_words',
  'text_search_p95_ms_phrase',
  'text_search_p95_ms_common_word',
  'text_search_p95_ms_rare_word',
  'text_search_p95_ms_words_and_phone',
  'bytes_per_message',
  'transcript_write_messages_per_s',
  'transcript_bulk_messages_per_s',
  'backfill_rate_used_pct',
  'backfill_429s_per_window',
  'accounts_lookup_p50_ms',
  'accounts_lookup_p95_ms',
  'accounts_lookup_max_ms',
  'accounts_single_lookup_p95_ms'
]

// A correctness check of the benchmark itself on a tiny archive: every figure is there and is a
// real number. Timings on a shared machine say nothing, so none is asserted.
describe('runBenchmark', () => {
  it('measures every figure of the issue over a small archive', { timeout: 120_000 }, async () => {
    const messages: string[] = []
    const run = await runBenchmark(2_000, (message) => messages.push(message), {
      overheadRows: 500,
      eventLoopRows: 500,
      ingestRows: 1_000,
      messagesPerConversation: 3,
      backfill: { windowMs: 1_500, limit: 15, windows: 2, rows: 300 },
      accounts: { rowsPerAccount: 1_000, perAccount: 10, shared: 10 }
    })
    expect(Object.keys(run.figures).sort()).toEqual([...KEYS].sort())
    for (const key of KEYS) expect(Number.isFinite(run.figures[key]), key).toBe(true)
    expect(run.figures.rows).toBe(2_000)
    expect(run.figures.bytes_per_conversation).toBeGreaterThan(100)
    expect(run.figures.sync_overhead_ratio).toBeGreaterThanOrEqual(1)
    expect(messages[0]).toMatch(/Syncing 2,000 conversations/)
    // Into the archive the other phases measured: the sync's rows and the event loop's (its
    // 500 new ones and the 300 of its account archived before it).
    expect(run.details.ingest).toMatch(/^1,000 new rows in .* into the archive of 2,800,/)
    expect(run.details['event loop']).toMatch(/during a sync of 500 new rows/)
    // The newest 2,000 of the archive's 3,800 conversations, 1 to 5 messages each; the event
    // loop's quick sync stopped at rows it had, so none of the full sync's was marked removed.
    expect(run.figures.messages).toBeGreaterThan(4_000)
    expect(run.figures.messages).toBeLessThan(8_000)
    expect(run.details.transcripts).toMatch(/^2,000 of the archive's 3,800 conversations/)
    expect(run.figures.bytes_per_message).toBeGreaterThan(100)
    expect(run.details.backfill).toMatch(/^2 windows of 1.5 s at 15 requests/)
    // Ten numbers from each of the five archives, and up to ten stored in more than one (small
    // archives share few), each found in every spelling.
    const lookups =
      /^5 accounts of 1,000 conversations, .*; (\d+) lookups of getCustomer\(\{ phone, allAccounts: true \}\) .*: 50 numbers from the archives .* and (\d+) of the (\d+) numbers stored in two or more archives/.exec(
        run.details['customer lookup across accounts']
      )
    expect(lookups).not.toBeNull()
    const [, asked, shared, sharedThere] = (lookups ?? []).map(Number)
    expect(shared).toBe(Math.min(10, sharedThere))
    expect(asked).toBe(50 + shared)
    expect(run.figures.accounts_lookup_p95_ms).toBeGreaterThanOrEqual(
      run.figures.accounts_lookup_p50_ms
    )
    // An archive of 2,000 holds fewer rows than either export asks: both export them all.
    expect(run.details.export).toMatch(
      /^CSV: 2,000 rows peaked at [\d.]+ MB, 2,000 rows peaked at [\d.]+ MB/
    )

    const report = formatReport(run.figures, run.details)
    for (const target of TARGETS) expect(report).toContain(target.label)
  })
})

describe('rateUse', () => {
  it("replays the throttle's fixed windows from when requests arrived", () => {
    const at = (times: number[]) => times.map((t) => ({ at: t, list: false }))
    // Windows of 1,000 ms allowing 3: the fourth request of the first window is refused, and
    // the next window opens with the first request after the first one closed, at 1,100.
    const use = rateUse(at([0, 10, 20, 30, 1_100, 1_200, 1_300, 2_150, 2_500]), 3, 1_000, 2_100)
    expect(use.windows).toEqual([
      { start: 0, allowed: 3, rejected: 1 },
      { start: 1_100, allowed: 3, rejected: 0 }
    ])
    // 6 allowed in 2,100 ms, which allow 6.3: the 100 ms between windows count as unused.
    expect(use.usedShare).toBeCloseTo(6 / 6.3, 5)
    expect(use.maxRejectedPerWindow).toBe(1)
    expect(use.rejected).toBe(1)
  })
})

describe('createTextGenerator', () => {
  it('writes messages of about 118 characters from a Zipf vocabulary of distinct words', () => {
    expect(new Set(vocabulary()).size).toBe(VOCABULARY_SIZE)
    const first = createTextGenerator(3).transcript(2_000)
    expect(createTextGenerator(3).transcript(2_000)).toEqual(first)
    const average = first.reduce((sum, m) => sum + m.content.length, 0) / first.length
    expect(average).toBeGreaterThan(110)
    expect(average).toBeLessThan(126)
    const words = first.flatMap((m) => m.content.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    const the = words.filter((word) => word === 'the').length / words.length
    expect(the).toBeGreaterThan(0.03)
    expect(the).toBeLessThan(0.12)
    expect(first.some((m) => /[\u00c0-\u017f]/.test(m.content))).toBe(true)
  })
})
