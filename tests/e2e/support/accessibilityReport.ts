import { writeFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
import { IMPACTS, type ScanResult } from './axeScan'

export interface ReportInput {
  results: readonly ScanResult[]
  /** axe-core's version, as the scan ran it. */
  axeVersion: string
  /** Why each rule still reported at moderate or minor impact is left as it is. */
  reasons: Readonly<Record<string, string>>
  /** The window widths at which no view scrolled sideways. */
  reflowWidths: readonly number[]
}

/** docs/accessibility.md from a scan: nothing in it is typed by hand. */
export function accessibilityReport(input: ReportInput): string {
  const header = `| View | Theme | ${IMPACTS.join(' | ')} | rules passed | undecided |`
  const rule = `| --- | --- | ${IMPACTS.map(() => '---:').join(' | ')} | ---: | --- |`
  const rows = input.results.map((result) => {
    const counts = IMPACTS.map(
      (impact) => result.violations.filter((violation) => violation.impact === impact).length
    )
    const undecided = result.undecided.map((id) => `\`${id}\``).join(', ') || '-'
    return `| ${result.view} | ${result.theme} | ${counts.join(' | ')} | ${result.passed} | ${undecided} |`
  })
  const kept = new Map<string, Set<string>>()
  for (const result of input.results) {
    for (const violation of result.violations) {
      const views = kept.get(violation.rule) ?? new Set<string>()
      views.add(result.view)
      kept.set(violation.rule, views)
    }
  }
  const keptLines = [...kept].map(
    ([id, views]) =>
      `- \`${id}\` (${[...views].join(', ')}): ${input.reasons[id] ?? 'no reason recorded'}`
  )
  return [
    '# Accessibility',
    '',
    'Written by `npm run test:a11y` (tests/e2e/accessibility.test.ts), which runs with `npm test`:',
    `axe-core ${input.axeVersion} scans each view and dialog of the app in the browser harness,`,
    'under the app\u2019s own Content-Security-Policy, in the light and the dark theme, with the',
    'rules of WCAG 2.0 and 2.1 (A and AA) and axe\u2019s best practices. A violation of impact',
    'critical or serious fails the test, and so does a moderate one not listed below with its',
    'reason. Counts are rules violated, whatever the number of elements. "Undecided" are rules',
    'axe could not settle for some elements: in this app, `color-contrast` for list rows partly',
    'scrolled out of the list or under a dialog\u2019s backdrop (the same rows, in view, pass)',
    'and for arrow glyphs hidden from screen readers; the screenshots are looked at for them.',
    '',
    header,
    rule,
    ...rows,
    '',
    '## Findings kept, with the reason',
    '',
    ...(keptLines.length > 0 ? keptLines : ['None: every view scans clean in both themes.']),
    '',
    '## Checked by the same test, beyond axe',
    '',
    `- At ${input.reflowWidths.map((width) => `${width} px`).join(' and ')} wide (200% zoom of a`,
    '  1280 px window) no view scrolls sideways and no list row overflows: screenshots',
    '  `a11y-*-640-light.png` and `-dark.png` in test-artifacts/screenshots.',
    '- The list is scanned with a row selected and another hovered, so their contrast is',
    '  checked; with `prefers-contrast: more` it scans clean in both themes, and with',
    '  `prefers-reduced-motion` animations are cut to nothing.',
    '- The conversation list is one tab stop; Up/Down, Home/End and PageUp/PageDown move the',
    '  selection (`aria-activedescendant`), Enter opens the conversation, the focus ring shows.',
    '- Dialogs (settings, export, keyboard shortcuts) are modal: focus moves in, Tab stays',
    '  inside, Esc closes, and focus returns to the control that opened them. `?` and F1 open',
    '  the keyboard shortcuts.',
    '- One polite live region is the only `aria-live` of the search view: it tells a new',
    '  search\u2019s count and the sync\u2019s milestones, never a page or row count.',
    '- The search view has one `main`, one level-one heading, and regions named Filters,',
    '  Results and Conversation.',
    ''
  ].join('\n')
}

/** Written as Prettier would leave it (the table's columns lined up), so `npm run format` keeps it. */
export async function writeAccessibilityReport(path: string, input: ReportInput): Promise<void> {
  const options = (await resolveConfig(path)) ?? {}
  writeFileSync(path, await format(accessibilityReport(input), { ...options, filepath: path }))
}
