import { describe, expect, it } from 'vitest'
import { runUiBenchmark } from './runUiBenchmark'

// Needs the built renderer and Chromium, as the end-to-end tests do (npm test builds the first).
describe('npm run bench:ui', () => {
  it('times typing each fragment to its results painted, in finite figures', async () => {
    const run = await runUiBenchmark(2_000, 10, () => {})

    expect(run.figures.rows).toBeGreaterThanOrEqual(2_000)
    expect(run.figures.queries).toBe(10)
    for (const key of [
      'typing_to_results_p50_ms',
      'typing_to_results_p95_ms',
      'typing_to_results_max_ms'
    ] as const) {
      expect(Number.isFinite(run.figures[key]), key).toBe(true)
      expect(run.figures[key], key).toBeGreaterThan(0)
    }
    expect(run.samples).toHaveLength(10)
    for (const sample of run.samples) {
      // The results counted are those asked for after the last key, never an earlier prefix's.
      expect(sample.afterSearchStartMs).toBeGreaterThan(0)
      expect(sample.afterSearchStartMs).toBeLessThanOrEqual(sample.latencyMs)
    }
  }, 120_000)
})
