import { describe, expect, it } from 'vitest'
import { runUiBenchmark } from './runUiBenchmark'

// Needs the built renderer and Chromium, as the end-to-end tests do (npm test builds the first).
describe('npm run bench:ui', () => {
  it('times typing each fragment to its results painted, then the frames of a long scroll, in finite figures', async () => {
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

    for (const key of [
      'scroll_frame_p50_ms',
      'scroll_frame_p95_ms',
      'scroll_frame_max_ms',
      'scroll_long_frames',
      'scroll_rows_reached',
      'scroll_dom_rows'
    ] as const) {
      expect(Number.isFinite(run.figures[key]), key).toBe(true)
    }
    expect(run.figures.scroll_frame_p50_ms).toBeGreaterThan(0)
    // Ten seconds of wheel go past 2,000 rows: the list loads page after page to the very end,
    // while the DOM keeps only the rows around the view.
    expect(run.figures.scroll_rows_reached).toBe(run.figures.rows)
    expect(run.figures.scroll_dom_rows).toBeGreaterThan(0)
    expect(run.figures.scroll_dom_rows).toBeLessThan(run.figures.scroll_rows_reached / 10)

    // Customers opened by address, each painted under its own number with its conversations.
    expect(run.figures.customers_opened).toBe(10)
    expect(run.customers.every((sample) => sample.conversations > 0)).toBe(true)
    // Each open asked the archive for its customer, and the answer came before the paint.
    for (const sample of run.customers) {
      const request = sample.requests.find((seen) => seen.channel === 'archive:customer')
      expect(request, sample.phone).toBeDefined()
      expect(request!.startMs).toBeGreaterThanOrEqual(0)
      expect(request!.endMs).toBeGreaterThan(request!.startMs)
      expect(request!.endMs).toBeLessThanOrEqual(sample.ms)
    }
    for (const key of ['customer_open_p50_ms', 'customer_open_p95_ms'] as const) {
      expect(run.figures[key], key).toBeGreaterThan(0)
    }
  }, 120_000)
})
