/** The figures of one run, under the names the issue and docs/benchmarks.md use. */
export interface BenchmarkFigures {
  rows: number
  phone_search_p50_ms: number
  phone_search_p95_ms: number
  phone_search_p95_ms_3digits: number
  like_scan_p50_ms: number
  like_scan_ratio: number
  first_page_ms: number
  next_page_ms: number
  stats_ms: number
  dashboard_all_time_ms: number
  dashboard_rollup_max_ms: number
  dashboard_phone_p95_ms: number
  dashboard_phone_p95_ms_3digits: number
  dashboard_other_max_ms: number
  export_csv_rows_per_s: number
  export_csv_peak_growth_mb: number
  export_jsonl_rows_per_s: number
  export_jsonl_peak_growth_mb: number
  ingest_rows_per_s: number
  sync_overhead_ratio: number
  event_loop_max_delay_ms: number
  peak_rss_mb: number
  bytes_per_conversation: number
  messages: number
  text_search_p95_ms_two_words: number
  text_search_p95_ms_phrase: number
  text_search_p95_ms_common_word: number
  text_search_p95_ms_rare_word: number
  text_search_p95_ms_words_and_phone: number
  bytes_per_message: number
  transcript_write_messages_per_s: number
  transcript_bulk_messages_per_s: number
  backfill_rate_used_pct: number
  backfill_429s_per_window: number
  accounts_lookup_p50_ms: number
  accounts_lookup_p95_ms: number
  accounts_lookup_max_ms: number
  accounts_single_lookup_p95_ms: number
}

export interface Target {
  key: keyof BenchmarkFigures
  label: string
  /** The bound (null: reported, with no target), and whether a figure must stay at or below it ('max') or reach it ('min'). */
  bound: number | null
  kind: 'max' | 'min'
  unit: string
}

/**
 * Every figure in report order, with its target for a million conversations (ten million
 * transcript messages) on 2 cores; the lookup across accounts over 5 archives of 200,000.
 */
export const TARGETS: readonly Target[] = [
  { key: 'rows', label: 'Conversations', bound: null, kind: 'min', unit: '' },
  {
    key: 'phone_search_p50_ms',
    label: 'Phone search p50, 4+ digits',
    bound: null,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'phone_search_p95_ms',
    label: 'Phone search p95, 4+ digits',
    bound: 5,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'phone_search_p95_ms_3digits',
    label: 'Phone search p95, 3 digits',
    bound: 20,
    kind: 'max',
    unit: 'ms'
  },
  { key: 'like_scan_p50_ms', label: 'LIKE scan p50', bound: null, kind: 'max', unit: 'ms' },
  { key: 'like_scan_ratio', label: 'LIKE scan / phone search', bound: 25, kind: 'min', unit: '×' },
  {
    key: 'first_page_ms',
    label: 'Filtered list, first page p95',
    bound: 10,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'next_page_ms',
    label: 'Filtered list, next page p95',
    bound: 10,
    kind: 'max',
    unit: 'ms'
  },
  { key: 'stats_ms', label: 'Stats', bound: 300, kind: 'max', unit: 'ms' },
  {
    key: 'dashboard_all_time_ms',
    label: 'Dashboard, all time',
    bound: 300,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'dashboard_rollup_max_ms',
    label: 'Dashboard, slowest preset or filter',
    bound: 300,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'dashboard_phone_p95_ms',
    label: 'Dashboard p95, customer phone',
    bound: 300,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'dashboard_phone_p95_ms_3digits',
    label: 'Dashboard p95, 3-digit phone',
    bound: 300,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'dashboard_other_max_ms',
    label: 'Dashboard, words or external id',
    bound: 300,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'export_csv_rows_per_s',
    label: 'Export CSV, 60,000 rows',
    bound: null,
    kind: 'min',
    unit: 'rows/s'
  },
  {
    key: 'export_csv_peak_growth_mb',
    label: 'Export CSV peak RSS, 60k over 6k rows',
    bound: 40,
    kind: 'max',
    unit: 'MB'
  },
  {
    key: 'export_jsonl_rows_per_s',
    label: 'Export JSON Lines, 60,000 rows',
    bound: null,
    kind: 'min',
    unit: 'rows/s'
  },
  {
    key: 'export_jsonl_peak_growth_mb',
    label: 'Export JSON Lines peak RSS, 60k over 6k',
    bound: 40,
    kind: 'max',
    unit: 'MB'
  },
  { key: 'ingest_rows_per_s', label: 'Ingest', bound: 50_000, kind: 'min', unit: 'rows/s' },
  {
    key: 'sync_overhead_ratio',
    label: 'Sync overhead at 50 ms/page',
    bound: 1.1,
    kind: 'max',
    unit: '×'
  },
  {
    key: 'event_loop_max_delay_ms',
    label: 'Event-loop max delay',
    bound: 50,
    kind: 'max',
    unit: 'ms'
  },
  { key: 'peak_rss_mb', label: 'Peak RSS during sync', bound: 300, kind: 'max', unit: 'MB' },
  {
    key: 'bytes_per_conversation',
    label: 'Archive size',
    bound: 1024,
    kind: 'max',
    unit: 'B/conv'
  },
  { key: 'messages', label: 'Transcript messages', bound: null, kind: 'min', unit: '' },
  {
    key: 'text_search_p95_ms_two_words',
    label: 'Text search p95, two words',
    bound: 25,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'text_search_p95_ms_phrase',
    label: 'Text search p95, quoted phrase',
    bound: 50,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'text_search_p95_ms_common_word',
    label: 'Text search p95, common word',
    bound: null,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'text_search_p95_ms_rare_word',
    label: 'Text search p95, rare word',
    bound: null,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'text_search_p95_ms_words_and_phone',
    label: 'Text search p95, words + phone',
    bound: null,
    kind: 'max',
    unit: 'ms'
  },
  { key: 'bytes_per_message', label: 'Transcript size', bound: null, kind: 'max', unit: 'B/msg' },
  {
    key: 'transcript_write_messages_per_s',
    label: 'Transcript writes, one a commit',
    bound: null,
    kind: 'min',
    unit: 'msg/s'
  },
  {
    key: 'transcript_bulk_messages_per_s',
    label: 'Transcript writes, bulk',
    bound: null,
    kind: 'min',
    unit: 'msg/s'
  },
  {
    key: 'backfill_rate_used_pct',
    label: 'Backfill + list sync, rate used',
    bound: 95,
    kind: 'min',
    unit: '%'
  },
  {
    key: 'backfill_429s_per_window',
    label: 'Backfill + list sync, 429s a window',
    bound: 1,
    kind: 'max',
    unit: ''
  },
  {
    key: 'accounts_lookup_p50_ms',
    label: 'Customer lookup, 5 accounts, p50',
    bound: null,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'accounts_lookup_p95_ms',
    label: 'Customer lookup, 5 accounts, p95',
    bound: 25,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'accounts_lookup_max_ms',
    label: 'Customer lookup, 5 accounts, max',
    bound: null,
    kind: 'max',
    unit: 'ms'
  },
  {
    key: 'accounts_single_lookup_p95_ms',
    label: 'Customer lookup, one account, p95 (slowest)',
    bound: null,
    kind: 'max',
    unit: 'ms'
  }
]

/** Null when the figure has no target. */
export function meetsTarget(target: Target, value: number): boolean | null {
  if (target.bound === null) return null
  return target.kind === 'max' ? value <= target.bound : value >= target.bound
}
