import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readSettings, settingsPath, writeSettings } from './settingsFile'

const BASE = 'https://app.example.test'
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cb-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('settings file', () => {
  it('gives the defaults when there is no file', () => {
    expect(readSettings(dir, BASE)).toEqual({
      baseUrl: BASE,
      syncIntervalMinutes: 15,
      windowBounds: null,
      transcriptBackfill: true,
      transcriptBackfillDays: null,
      quickLookupShortcut: 'CommandOrControl+Shift+Space',
      defaultCountry: null,
      keepInTray: false
    })
  })

  it('turns the transcript backfill on, for every conversation, in a file from before it', () => {
    writeFileSync(
      settingsPath(dir),
      '{"baseUrl": "http://127.0.0.1:1234", "syncIntervalMinutes": 5}'
    )
    expect(readSettings(dir, BASE)).toMatchObject({
      syncIntervalMinutes: 5,
      transcriptBackfill: true,
      transcriptBackfillDays: null
    })
  })

  it('reads back what it wrote, leaving no temporary file', () => {
    const settings = {
      baseUrl: 'http://127.0.0.1:1234',
      syncIntervalMinutes: 0,
      windowBounds: { x: 10, y: 20, width: 900, height: 700 },
      transcriptBackfill: false,
      transcriptBackfillDays: 30,
      quickLookupShortcut: null,
      defaultCountry: 'GB',
      keepInTray: true
    }
    writeSettings(dir, settings)
    expect(readSettings(dir, BASE)).toEqual(settings)
    expect(readdirSync(dir)).toEqual(['settings.json'])
  })

  it.each([
    ['not JSON', '{oops'],
    ['an interval out of range', '{"syncIntervalMinutes": 5000}'],
    ['a base URL that is not http', '{"baseUrl": "file:///etc/passwd"}'],
    ['a plain-http base URL off this computer', '{"baseUrl": "http://app.autocalls.ai"}'],
    ['a backfill span of no days', '{"transcriptBackfillDays": 0}'],
    ['a backfill span past ten years', '{"transcriptBackfillDays": 3651}'],
    ['a shortcut without a modifier', '{"syncIntervalMinutes": 5, "quickLookupShortcut": "Space"}'],
    ['a country that is none', '{"syncIntervalMinutes": 5, "defaultCountry": "XX"}']
  ])('falls back to the defaults for %s', (_what, text) => {
    writeFileSync(settingsPath(dir), text)
    expect(readSettings(dir, BASE).baseUrl).toBe(BASE)
    expect(readSettings(dir, BASE).syncIntervalMinutes).toBe(15)
  })

  it.skipIf(process.platform === 'win32')(
    'writes the file 0600 and the folders it makes 0700, whatever the umask',
    () => {
      const umask = process.umask(0)
      try {
        const nested = join(dir, 'Conversation Browser', 'demo')
        writeSettings(nested, readSettings(nested, BASE))
        const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8)
        expect(mode(settingsPath(nested))).toBe('600')
        expect(mode(nested)).toBe('700')
        expect(mode(join(dir, 'Conversation Browser'))).toBe('700')
      } finally {
        process.umask(umask)
      }
    }
  )
})
