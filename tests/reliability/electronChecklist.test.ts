import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import {
  MAIN_WINDOW_SIZE,
  MAIN_WINDOW_WEB_PREFERENCES,
  mainWindowOptions
} from '../../src/main/shell/mainWindowOptions'
import { CONTENT_SECURITY_POLICY } from '../../src/main/shell/rendererFiles'
import { scanSecurity, unexplained, type Finding } from '../../scripts/security/scan'
import { recordProof } from './support/proofRecord'

/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * held against the window's options as the shell builds them (a plain object, so no Electron
 * is started), the CSP the renderer is served with, the shell's app-wide handlers as written,
 * the packaging fuses, and electronegativity's static scan.
 */

const root = join(__dirname, '../..')
const checklist: string[][] = []
let scan: Finding[] = []

afterAll(() => {
  const count = (severity: string): number => scan.filter((f) => f.severity === severity).length
  recordProof('electron', {
    order: 6,
    title: 'Electron: the security checklist and a static scan',
    method:
      'The main window’s options are a plain object (`src/main/shell/mainWindowOptions.ts`), ' +
      'so a Node test holds them against Electron’s checklist without starting Electron; the ' +
      'CSP is read from the header the app protocol sends and from the meta tag of ' +
      '`src/renderer/index.html`; the app-wide handlers from `src/main/shell/security.ts`; ' +
      'the fuses from `electron-builder.yml`. `npm run scan:security` runs electronegativity ' +
      'over the sources (`tests/reliability/electronChecklist.test.ts`, `scripts/security/scan.ts`).',
    findings: [
      `Every window of the app is made from these options: ${windowsMade().length} \`new BrowserWindow\` in src/main, each passing mainWindowOptions.`,
      `electronegativity: ${count('HIGH')} high, ${count('MEDIUM')} medium (each explained in ` +
        `docs/security.md), ${count('LOW') + count('INFORMATIONAL')} low or informational.`
    ],
    tables: [
      { columns: ['Checklist item', 'What is checked', 'Seen'], rows: checklist },
      {
        columns: ['electronegativity check', 'Severity', 'Where'],
        rows: scan.map((f) => [f.check, f.severity, `${f.file}:${f.line}`])
      }
    ]
  })
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

/** Every place src/main makes a window or a view, with the text of its call. */
function windowsMade(): { file: string; call: string }[] {
  return sourceFiles(join(root, 'src/main')).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return [...text.matchAll(/new (BrowserWindow|BrowserView|WebContentsView)\(([^;]*)/g)].map(
      (match) => ({ file, call: match[0] })
    )
  })
}

function item(name: string, what: string, seen: unknown): void {
  checklist.push([name, what, typeof seen === 'string' ? seen : JSON.stringify(seen)])
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name, sources])
  )
}

describe('the window', () => {
  const options = mainWindowOptions('/app/out/preload/index.js', MAIN_WINDOW_SIZE)
  const prefs = options.webPreferences ?? {}

  it('every window is made from the checked options', () => {
    const made = windowsMade()
    expect(made.length).toBeGreaterThan(0)
    for (const { file, call } of made)
      expect(call, file).toMatch(/^new BrowserWindow\(\s*mainWindowOptions\(/)
  })

  it('meets each webPreferences item of the checklist', () => {
    const expected: [string, keyof typeof prefs, unknown][] = [
      ['2. No Node.js integration for remote content', 'nodeIntegration', false],
      ['2. No Node.js integration for remote content', 'nodeIntegrationInWorker', false],
      ['2. No Node.js integration for remote content', 'nodeIntegrationInSubFrames', false],
      ['3. Context isolation', 'contextIsolation', true],
      ['4. Process sandboxing', 'sandbox', true],
      ['6. Do not disable webSecurity', 'webSecurity', true],
      ['8. No allowRunningInsecureContent', 'allowRunningInsecureContent', false],
      ['9. No experimental features', 'experimentalFeatures', false],
      ['10. No enableBlinkFeatures', 'enableBlinkFeatures', undefined],
      ['11. No <webview>', 'webviewTag', false],
      ['12. Limit navigation', 'navigateOnDragDrop', false]
    ]
    for (const [name, key, value] of expected) {
      item(name, `webPreferences.${key}`, prefs[key] === undefined ? 'not set' : prefs[key])
      expect(prefs[key], key).toBe(value)
    }
    expect(prefs.preload).toBe('/app/out/preload/index.js')
    expect(prefs).toEqual({ preload: '/app/out/preload/index.js', ...MAIN_WINDOW_WEB_PREFERENCES })
  })
})

describe('the Content Security Policy', () => {
  const html = readFileSync(join(root, 'src/renderer/index.html'), 'utf8')
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]

  it('is the same as a header and as the page’s meta tag', () => {
    expect(meta).toBe(CONTENT_SECURITY_POLICY)
  })

  it('allows scripts, connections and frames from the app alone', () => {
    const csp = directives(CONTENT_SECURITY_POLICY)
    const rules: [string, string[]][] = [
      ['default-src', ["'self'"]],
      ['script-src', ["'self'"]],
      ['connect-src', ["'self'"]],
      ['object-src', ["'none'"]],
      ['base-uri', ["'none'"]],
      ['form-action', ["'none'"]],
      ['frame-ancestors', ["'none'"]]
    ]
    for (const [name, sources] of rules) {
      item('7. Content Security Policy', name, (csp.get(name) ?? []).join(' '))
      expect(csp.get(name), name).toEqual(sources)
    }
    // Nowhere a wildcard, plain http, or code from strings.
    for (const [name, sources] of csp) {
      for (const source of sources) {
        expect(source, name).not.toMatch(/^\*$|^http:|'unsafe-eval'|'wasm-unsafe-eval'/)
        if (name !== 'style-src') expect(source, name).not.toBe("'unsafe-inline'")
      }
    }
  })
})

describe('the app-wide handlers (src/main/shell/security.ts)', () => {
  const text = readFileSync(join(root, 'src/main/shell/security.ts'), 'utf8')

  it('deny permissions, navigation, new windows and webviews in every web contents', () => {
    const handlers: [string, string, RegExp][] = [
      [
        '5. Permission requests',
        'every permission request answered false',
        /setPermissionRequestHandler\([^)]*\)\s*=>\s*callback\(false\)/
      ],
      [
        '5. Permission requests',
        'every permission check answered false',
        /setPermissionCheckHandler\(\(\)\s*=>\s*false\)/
      ],
      [
        '12. Disable or limit navigation',
        'will-navigate prevented',
        /'will-navigate', \(event\) => event\.preventDefault\(\)/
      ],
      [
        '12. Disable or limit navigation',
        'will-frame-navigate prevented',
        /'will-frame-navigate', \(event\) => event\.preventDefault\(\)/
      ],
      [
        '11. No <webview>',
        'will-attach-webview prevented',
        /'will-attach-webview', \(event\) => event\.preventDefault\(\)/
      ],
      [
        '13. Disable or limit new windows',
        'setWindowOpenHandler denies every window',
        /setWindowOpenHandler\([\s\S]*?return \{ action: 'deny' \}/
      ],
      [
        '14. No shell.openExternal with untrusted content',
        'openExternal only for the allowed hosts',
        /if \(isAllowedExternalUrl\(url\)\) void shell\.openExternal\(url\)/
      ]
    ]
    for (const [name, what, pattern] of handlers) {
      const found = pattern.test(text)
      item(name, `security.ts: ${what}`, found ? 'present' : 'missing')
      expect(found, name).toBe(true)
    }
    expect(text).toMatch(
      /app\.on\('web-contents-created', \(_event, contents\) => hardenWebContents\(contents\)\)/
    )
  })
})

describe('packaging', () => {
  it('sets the fuses that take Node powers away from the packaged app', () => {
    const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
      electronFuses: Record<string, boolean>
    }
    const fuses: [string, boolean][] = [
      ['runAsNode', false],
      ['enableNodeOptionsEnvironmentVariable', false],
      ['enableNodeCliInspectArguments', false],
      ['onlyLoadAppFromAsar', true],
      ['enableEmbeddedAsarIntegrityValidation', true],
      ['enableCookieEncryption', true],
      ['grantFileProtocolExtraPrivileges', false]
    ]
    for (const [fuse, value] of fuses) {
      item('18. Fuses', fuse, config.electronFuses[fuse])
      expect(config.electronFuses[fuse], fuse).toBe(value)
    }
  })
})

describe('npm run scan:security', () => {
  it('finds nothing of high severity, and docs/security.md explains each medium finding', async () => {
    scan = await scanSecurity()
    expect(scan.filter((f) => f.severity === 'HIGH')).toEqual([])
    expect(unexplained(scan)).toEqual([])
  })
})
