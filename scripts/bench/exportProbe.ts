import { parseArgs } from 'node:util'
import { openArchive } from '../../src/main/core'
import { exportToFile } from '../../src/main/core/export/exportToFile'
import type { ExportFormat } from '../../src/main/core/export/exportTypes'

/**
 * One export in a process of its own, so its memory is its own: the export of `--rows` rows,
 * newest first, into `--out`, with RSS and heap sampled every 10 ms (and the kernel's
 * high-water mark). Prints one JSON object (ExportProbeResult) on stdout.
 *   tsx scripts/bench/exportProbe.ts --file ARCHIVE --rows N --format csv|jsonl --out FILE
 */
export interface ExportProbeResult {
  rows: number
  ms: number
  /** RSS once the archive is open, before the export. */
  baselineRssMb: number
  peakRssMb: number
  peakHeapMb: number
}

const MB = 1024 * 1024

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      rows: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' }
    }
  })
  const { file, out } = values
  const rows = Number(values.rows)
  const format = values.format as ExportFormat
  if (!file || !out || !Number.isInteger(rows) || (format !== 'csv' && format !== 'jsonl')) {
    throw new Error('Usage: exportProbe --file ARCHIVE --rows N --format csv|jsonl --out FILE')
  }
  const archive = openArchive(file, { readonly: true })
  const baseline = process.memoryUsage()
  let peakRss = baseline.rss
  let peakHeap = baseline.heapUsed
  const sample = (): void => {
    const now = process.memoryUsage()
    peakRss = Math.max(peakRss, now.rss)
    peakHeap = Math.max(peakHeap, now.heapUsed)
  }
  const sampler = setInterval(sample, 10)
  const started = performance.now()
  const summary = await exportToFile(
    archive,
    { filter: {}, format, limit: rows },
    { path: out, onProgress: sample }
  )
  const ms = performance.now() - started
  clearInterval(sampler)
  sample()
  archive.close()
  // maxRSS is in kilobytes: the kernel's own high-water mark, which sampling can miss.
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024)
  const result: ExportProbeResult = {
    rows: summary.rows,
    ms,
    baselineRssMb: baseline.rss / MB,
    peakRssMb: peakRss / MB,
    peakHeapMb: peakHeap / MB
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
