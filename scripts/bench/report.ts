import { TARGETS, meetsTarget, type BenchmarkFigures } from './figures'

function formatBound(bound: number | null, kind: 'max' | 'min', unit: string): string {
  if (bound === null) return ''
  return `${kind === 'max' ? '≤' : '≥'} ${bound.toLocaleString('en')} ${unit}`.trim()
}

/**
 * The run as a table a person reads: each figure, its target, and whether it is met. A run of
 * one phase (--only) has only that phase's figures, and the table only their rows.
 */
export function formatReport(
  figures: Partial<BenchmarkFigures>,
  details: Record<string, string>
): string {
  const rows = TARGETS.flatMap((target) => {
    const value = figures[target.key]
    if (value === undefined) return []
    const met = meetsTarget(target, value)
    return [
      [
        target.label,
        `${value.toLocaleString('en')} ${target.unit}`.trim(),
        formatBound(target.bound, target.kind, target.unit),
        met === null ? '' : met ? 'met' : 'MISSED'
      ]
    ]
  })
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)))
  const table = rows.map((row) =>
    [row[0].padEnd(widths[0]), row[1].padStart(widths[1]), row[2].padEnd(widths[2]), row[3]]
      .join('   ')
      .trimEnd()
  )
  const notes = Object.entries(details).map(([name, text]) => `  ${name}: ${text}`)
  return [...table, '', 'Measured over:', ...notes].join('\n')
}
