import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'

export type Theme = 'light' | 'dark'
export const THEMES: readonly Theme[] = ['light', 'dark']
export const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const
export type Impact = (typeof IMPACTS)[number]

/** One rule that failed, with where: enough to find and mend it from the test's message. */
export interface Violation {
  rule: string
  impact: Impact
  help: string
  targets: string[]
}

/** What axe found on one view in one theme. */
export interface ScanResult {
  view: string
  theme: Theme
  violations: Violation[]
  /** Rules that found nothing wrong, of those that applied to something on the page. */
  passed: number
  /** Rules axe could not decide (a colour over a gradient or an overlap), by id. */
  undecided: string[]
}

/** Switches the page to the light or dark theme, as the system setting would. */
export async function useTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme })
  await page.waitForFunction(
    (dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark,
    theme === 'dark'
  )
}

/**
 * axe-core on the page as it is, every rule of WCAG 2.0/2.1 A and AA and axe's best practices
 * (landmarks, one level-one heading). Injected through the DevTools protocol, so the page keeps
 * its own Content-Security-Policy.
 */
export async function scanPage(page: Page, view: string, theme: Theme): Promise<ScanResult> {
  // Legacy mode runs axe inside the page alone: the app has no frames, and the harness's page
  // has no context of its own for axe to open a second page in.
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze()
  const violations = results.violations.map((violation) => ({
    rule: violation.id,
    impact: (violation.impact ?? 'minor') as Impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' '))
  }))
  return {
    view,
    theme,
    violations,
    passed: results.passes.length,
    undecided: results.incomplete.map((rule) => rule.id)
  }
}

/** A result's failures of these impacts, one line each, for an assertion's message. */
export function describeViolations(result: ScanResult, impacts: readonly Impact[]): string[] {
  return result.violations
    .filter((violation) => impacts.includes(violation.impact))
    .map(
      (violation) =>
        `${result.view} (${result.theme}): ${violation.impact} ${violation.rule}: ${violation.help} at ${violation.targets.join(', ')}`
    )
}
