import type { Archive } from '../../src/main/core'
import { percentile, timeMs } from './statistics'

const RUNS = 5

/** Stats over the whole archive: the median of a few runs, the first one (coldest) included. */
export function measureStats(archive: Archive): { medianMs: number; firstMs: number } {
  const runs = Array.from({ length: RUNS }, () => timeMs(() => archive.stats()))
  return { medianMs: percentile(runs, 50), firstMs: runs[0] }
}
