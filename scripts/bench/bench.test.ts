import { describe, expect, it } from 'vitest'
import { TARGETS, type BenchmarkFigures } from './figures'
import { formatReport } from './report'
import { runBenchmark } from './runBenchmark'

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
  'ingest_rows_per_s',
  'sync_overhead_ratio',
  'event_loop_max_delay_ms',
  'peak_rss_mb',
  'bytes_per_conversation'
]

// A correctness check of the benchmark itself on a tiny archive: every figure is there and is a
// real number. Timings on a shared machine say nothing, so none is asserted.
describe('runBenchmark', () => {
  it('measures every figure of the issue over a small archive', { timeout: 120_000 }, async () => {
    const messages: string[] = []
    const run = await runBenchmark(2_000, (message) => messages.push(message), {
      overheadRows: 500,
      eventLoopRows: 500,
      ingestRows: 1_000
    })
    expect(Object.keys(run.figures).sort()).toEqual([...KEYS].sort())
    for (const key of KEYS) expect(Number.isFinite(run.figures[key]), key).toBe(true)
    expect(run.figures.rows).toBe(2_000)
    expect(run.figures.bytes_per_conversation).toBeGreaterThan(100)
    expect(run.figures.sync_overhead_ratio).toBeGreaterThanOrEqual(1)
    expect(messages[0]).toMatch(/Syncing 2,000 conversations/)
    // Into the archive the other phases measured: the sync's rows and the event loop's.
    expect(run.details.ingest).toMatch(/^1,000 new rows in .* into the archive of 2,500,/)

    const report = formatReport(run.figures, run.details)
    for (const target of TARGETS) expect(report).toContain(target.label)
  })
})
