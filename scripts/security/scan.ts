import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { MAIN_WINDOW_SIZE, mainWindowOptions } from '../../src/main/shell/mainWindowOptions'

/**
 * npm run scan:security: @doyensec/electronegativity over the sources. Fails on any finding of
 * high severity, and on a medium one that docs/security.md does not explain (by its check id).
 *
 * The main window's options are a plain object in src/main/shell/mainWindowOptions.ts, which
 * createMainWindow.ts passes to `new BrowserWindow(...)`. Electronegativity reads TypeScript one
 * file at a time and only sees an object written inside the call, so at that call it reports
 * every option as missing. The scan therefore reads a copy of the sources in which that call holds
 * the options object as mainWindowOptions builds it, written out as a literal.
 */

export interface Finding {
  check: string
  severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL'
  confidence: string
  file: string
  line: string
  sample: string
}

const root = join(__dirname, '../..')
const workDir = join(root, 'test-artifacts/security')
const SHELL_CALL_FILE = 'main/shell/createMainWindow.ts'

function electronVersion(): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>
  }
  return pkg.devDependencies.electron.replace(/^[^\d]*/, '')
}

/** The part of electronegativity's runner (dist/runner.js) this scan uses: it ships no types. */
interface RunnerIssue {
  id: string
  severity: { name: string }
  confidence: { name: string }
  file: string
  location: { line: number; column: number }
  sample: string
}
type Runner = (
  options: { input: string; isRelative: boolean; electronVersionOverride: string },
  forCli: boolean
) => Promise<{ issues: RunnerIssue[] }>

/**
 * Runs electronegativity's own runner in this process. Not its CLI: with `-o file.csv` the CLI
 * writes the header and the rows with two unawaited writeFile calls, and under load the header
 * lands over the first row.
 */
async function electronegativity(input: string): Promise<Finding[]> {
  /* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS package without types */
  const setUpMessages =
    require('@doyensec/electronegativity/dist/locales/i18n.js') as () => Promise<void>
  const run = require('@doyensec/electronegativity') as Runner
  /* eslint-enable @typescript-eslint/no-require-imports */
  await setUpMessages() // the runner's messages come from a global it sets
  // The version we ship, so it does not ask the network for Electron's releases.
  const { issues } = await run(
    { input, isRelative: true, electronVersionOverride: electronVersion() },
    false
  )
  return issues.map((issue) => ({
    check: issue.id,
    severity: issue.severity.name as Finding['severity'],
    confidence: issue.confidence.name,
    file: issue.file,
    line: String(issue.location.line),
    sample: issue.sample
  }))
}

/**
 * createMainWindow.ts with its `new BrowserWindow(mainWindowOptions(...))` written as the call
 * with the options object built by mainWindowOptions inside it, which electronegativity can read.
 */
function withOptionsWrittenIn(source: string): string {
  const start = source.indexOf('new BrowserWindow(')
  if (start < 0) throw new Error(`${SHELL_CALL_FILE} no longer calls new BrowserWindow.`)
  const open = start + 'new BrowserWindow'.length
  let depth = 0
  let close = open
  for (; close < source.length; close++) {
    if (source[close] === '(') depth++
    if (source[close] === ')' && --depth === 0) break
  }
  if (!source.slice(open, close).includes('mainWindowOptions(')) {
    throw new Error(`${SHELL_CALL_FILE} no longer passes mainWindowOptions to new BrowserWindow.`)
  }
  const options = mainWindowOptions('/app/out/preload/index.js', MAIN_WINDOW_SIZE)
  return `${source.slice(0, open)}(${JSON.stringify(options)}${source.slice(close)}`
}

export async function scanSecurity(): Promise<Finding[]> {
  const copy = join(workDir, 'src')
  rmSync(copy, { recursive: true, force: true })
  cpSync(join(root, 'src'), copy, { recursive: true })
  const shell = join(copy, SHELL_CALL_FILE)
  writeFileSync(shell, withOptionsWrittenIn(readFileSync(shell, 'utf8')))
  return electronegativity(copy)
}

/** Medium findings docs/security.md does not name: each must be fixed or explained there. */
export function unexplained(findings: Finding[]): Finding[] {
  const doc = readFileSync(join(root, 'docs/security.md'), 'utf8')
  return findings.filter((f) => f.severity === 'MEDIUM' && !doc.includes(f.check))
}

async function main(): Promise<void> {
  const findings = await scanSecurity()
  for (const f of findings) {
    console.log(`${f.severity.padEnd(6)} ${f.check} ${f.file}:${f.line} (${f.confidence})`)
  }
  const high = findings.filter((f) => f.severity === 'HIGH')
  const missing = unexplained(findings)
  console.log(
    `${findings.length} findings: ${high.length} high, ` +
      `${findings.filter((f) => f.severity === 'MEDIUM').length} medium ` +
      `(see docs/security.md), the rest low or informational. Sources scanned: ${relative(root, workDir)}/src.`
  )
  if (high.length > 0) {
    console.error('High-severity findings: fix them.')
    process.exitCode = 1
  }
  if (missing.length > 0) {
    console.error(
      `Medium findings not explained in docs/security.md: ${missing.map((f) => f.check).join(', ')}`
    )
    process.exitCode = 1
  }
}

if (require.main === module) void main()
