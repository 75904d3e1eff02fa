import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ExportFormat } from '../../src/main/core/export/exportTypes'
import type { ExportProbeResult } from './exportProbe'

const PROBE = join(__dirname, 'exportProbe.ts')
/** The pair: the export of ten times the rows may peak at most 40 MB higher. */
export const SMALL_EXPORT_ROWS = 6_000
export const LARGE_EXPORT_ROWS = 60_000

export interface ExportMeasurement {
  format: ExportFormat
  small: ExportProbeResult
  large: ExportProbeResult
  /** Peak RSS of the large export minus that of the small one. */
  rssGrowthMb: number
  heapGrowthMb: number
  rowsPerSecond: number
}

async function probe(
  file: string,
  rows: number,
  format: ExportFormat,
  dir: string
): Promise<ExportProbeResult> {
  const out = join(dir, `export-${rows}.${format}`)
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        PROBE,
        '--file',
        file,
        '--rows',
        String(rows),
        '--format',
        format,
        '--out',
        out
      ],
      { maxBuffer: 1024 * 1024 }
    )
    return JSON.parse(stdout) as ExportProbeResult
  } finally {
    rmSync(out, { force: true })
  }
}

/**
 * Exports the newest 6,000 and then 60,000 rows of the archive (fewer when it has fewer), each
 * in a fresh process reading its own read-only connection, as the export thread does, and
 * compares their peaks: a streamed export's memory does not grow with the rows.
 */
export async function measureExport(
  file: string,
  dir: string,
  format: ExportFormat = 'csv'
): Promise<ExportMeasurement> {
  const small = await probe(file, SMALL_EXPORT_ROWS, format, dir)
  const large = await probe(file, LARGE_EXPORT_ROWS, format, dir)
  return {
    format,
    small,
    large,
    rssGrowthMb: large.peakRssMb - small.peakRssMb,
    heapGrowthMb: large.peakHeapMb - small.peakHeapMb,
    rowsPerSecond: large.rows / (large.ms / 1000)
  }
}

/** The run's figures in words, for the report's details. */
export function describeExport(m: ExportMeasurement): string {
  const run = (r: ExportProbeResult): string =>
    `${r.rows.toLocaleString('en')} rows peaked at ${r.peakRssMb.toFixed(1)} MB`
  return (
    `${m.format === 'csv' ? 'CSV' : 'JSON Lines'}: ${run(m.small)}, ${run(m.large)} ` +
    `(RSS from ${m.large.baselineRssMb.toFixed(1)} MB with the archive open; heap peaks ` +
    `${m.small.peakHeapMb.toFixed(1)} and ${m.large.peakHeapMb.toFixed(1)} MB), ` +
    `${(m.large.ms / 1000).toFixed(1)} s for the larger`
  )
}
