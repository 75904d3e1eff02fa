export type SyncMode = 'full' | 'quick'

/** Emitted after every page, so a progress bar can show pages, rows and rate. */
export interface SyncProgress {
  mode: SyncMode
  /** True when this run continues a crawl an earlier run left unfinished. */
  resumed: boolean
  /** Pages and rows of the whole crawl, including what a resumed crawl had done before. */
  pages: number
  rows: number
  /** What this run has written so far. */
  inserted: number
  updated: number
  unchanged: number
  rowsPerSecond: number
  elapsedMs: number
}

export interface SyncSummary {
  mode: SyncMode
  resumed: boolean
  /** True when every page was walked, so rows the server no longer returns were marked. */
  complete: boolean
  pages: number
  rows: number
  inserted: number
  updated: number
  unchanged: number
  removed: number
  requests: number
  startedAt: string
  finishedAt: string
  durationMs: number
  /** Of which spent committing pages: on a writer thread, this overlaps the network's time. */
  writeMs: number
}
