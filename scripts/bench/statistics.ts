/** Nearest-rank percentile of durations in ms; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

/** Milliseconds one call takes, from the high-resolution clock. */
export function timeMs(run: () => unknown): number {
  const start = process.hrtime.bigint()
  run()
  return Number(process.hrtime.bigint() - start) / 1e6
}

/** Rounds a figure for the report: three significant decimals are beyond what these clocks tell. */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

/**
 * Runs `sample` over the items until all are done or the time budget is spent, whichever is
 * first, so a slow path (the LIKE scan over a million rows) cannot stretch a run to hours.
 */
export function sampleWithinBudget<T>(
  items: readonly T[],
  budgetMs: number,
  sample: (item: T) => number
): number[] {
  const started = performance.now()
  const samples: number[] = []
  for (const item of items) {
    samples.push(sample(item))
    if (performance.now() - started > budgetMs) break
  }
  return samples
}
