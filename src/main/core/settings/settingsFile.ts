import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { isSupportedCountry } from 'libphonenumber-js'
import {
  DEFAULT_QUICK_LOOKUP_SHORTCUT,
  quickLookupShortcutSchema
} from '../../../shared/accelerator'
import { baseUrlSchema } from '../api/baseUrl'
import { makePrivateDir, PRIVATE_FILE_MODE } from '../privateFiles'

export const DEFAULT_SYNC_INTERVAL_MINUTES = 15
export const MAX_SYNC_INTERVAL_MINUTES = 1440
/** Ten years: a span for the transcript backfill longer than that is every conversation. */
export const MAX_BACKFILL_DAYS = 3650
export const SETTINGS_FILE_NAME = 'settings.json'

const windowBoundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean().optional()
})

export type WindowBounds = z.infer<typeof windowBoundsSchema>

/** A country libphonenumber knows (ISO 3166 alpha-2): the default for numbers without one. */
export function countrySchema() {
  return z.string().refine((value) => isSupportedCountry(value), 'is not a country code')
}

const storedSettingsSchema = z.object({
  baseUrl: baseUrlSchema.optional(),
  syncIntervalMinutes: z.number().int().min(0).max(MAX_SYNC_INTERVAL_MINUTES).optional(),
  windowBounds: windowBoundsSchema.nullable().optional(),
  transcriptBackfill: z.boolean().optional(),
  transcriptBackfillDays: z.number().int().min(1).max(MAX_BACKFILL_DAYS).nullable().optional(),
  quickLookupShortcut: quickLookupShortcutSchema.optional(),
  defaultCountry: countrySchema().nullable().optional(),
  keepInTray: z.boolean().optional()
})

export interface StoredSettings {
  baseUrl: string
  syncIntervalMinutes: number
  windowBounds: WindowBounds | null
  /** Fetch missing and stale transcripts in the background after each sync. */
  transcriptBackfill: boolean
  /** Only conversations created in the last N days; null for every conversation. */
  transcriptBackfillDays: number | null
  /** The quick lookup's global shortcut (an Electron accelerator); null for none. */
  quickLookupShortcut: string | null
  /** The country of numbers written without one (on the clipboard); null for the system's. */
  defaultCountry: string | null
  /** Keep running in the tray (the menu bar on macOS) when the window is closed. */
  keepInTray: boolean
}

export function settingsPath(userDataDir: string): string {
  return join(userDataDir, SETTINGS_FILE_NAME)
}

/**
 * Reads the settings file. A missing, unreadable or invalid file gives the defaults: a setting
 * is never worth a crash at start-up, and the next save writes a good file again.
 */
export function readSettings(userDataDir: string, defaultBaseUrl: string): StoredSettings {
  const defaults: StoredSettings = {
    baseUrl: defaultBaseUrl,
    syncIntervalMinutes: DEFAULT_SYNC_INTERVAL_MINUTES,
    windowBounds: null,
    transcriptBackfill: true,
    transcriptBackfillDays: null,
    quickLookupShortcut: DEFAULT_QUICK_LOOKUP_SHORTCUT,
    defaultCountry: null,
    keepInTray: false
  }
  let text: string
  try {
    text = readFileSync(settingsPath(userDataDir), 'utf8')
  } catch {
    return defaults
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    console.error('Settings file is not JSON; using the defaults.')
    return defaults
  }
  const parsed = storedSettingsSchema.safeParse(json)
  if (!parsed.success) {
    console.error('Settings file is not valid; using the defaults.')
    return defaults
  }
  return {
    baseUrl: parsed.data.baseUrl ?? defaults.baseUrl,
    syncIntervalMinutes: parsed.data.syncIntervalMinutes ?? defaults.syncIntervalMinutes,
    windowBounds: parsed.data.windowBounds ?? null,
    transcriptBackfill: parsed.data.transcriptBackfill ?? defaults.transcriptBackfill,
    transcriptBackfillDays: parsed.data.transcriptBackfillDays ?? defaults.transcriptBackfillDays,
    // null is a choice here (no shortcut), not a missing value.
    quickLookupShortcut:
      parsed.data.quickLookupShortcut === undefined
        ? defaults.quickLookupShortcut
        : parsed.data.quickLookupShortcut,
    defaultCountry: parsed.data.defaultCountry ?? null,
    keepInTray: parsed.data.keepInTray ?? defaults.keepInTray
  }
}

/** Writes a temporary file and renames it over the old one, so a crash never leaves half a file. */
export function writeSettings(userDataDir: string, settings: StoredSettings): void {
  const file = settingsPath(userDataDir)
  makePrivateDir(dirname(file))
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, {
    encoding: 'utf8',
    mode: PRIVATE_FILE_MODE
  })
  chmodSync(temporary, PRIVATE_FILE_MODE)
  renameSync(temporary, file)
}
