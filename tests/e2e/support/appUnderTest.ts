import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { savedFilesDir, startHarness } from '../../../scripts/harness/startHarness'
import { createApiClient } from '../../../src/main/core/api/client'
import type { ApiConversationJson } from '../../../src/main/core/api/conversationSchema'
import { createRatePacer } from '../../../src/main/core/api/ratePacer'
import { openArchive } from '../../../src/main/core/archive/openArchive'
import { startMockApi, type MockApi } from '../../../src/main/core/mockApi/mockApiServer'
import { createMemorySecretStore } from '../../../src/main/core/secrets/memorySecretStore'
import { apiKeyAccount } from '../../../src/main/core/secrets/secretStore'
import { settingsPath } from '../../../src/main/core/settings/settingsFile'
import { createInlineWriter } from '../../../src/main/core/sync/archiveWriter'
import { syncArchive } from '../../../src/main/core/sync/syncArchive'
import { backfillTranscripts } from '../../../src/main/core/transcripts/backfillTranscripts'
import { launchChromium } from './browser'
import { sampleConversations } from './sampleConversations'

export const API_KEY = 'e2e-key-0123456789abcd'
/** The key of the second mock API (AppOptions.secondApi), for a second account. */
export const SECOND_API_KEY = 'e2e-second-key-9876wxyz'

export interface AppUnderTest {
  page: Page
  mock: MockApi
  /** The archive file the harness opens. */
  dbPath: string
  /** Where the harness writes what the app would ask a save dialog about. */
  savedDir: string
  /** The second mock API, when AppOptions.secondApi asked for one: another account's server. */
  secondMock: MockApi | null
  /** Stops the mock API, as a lost connection would. */
  goOffline(): Promise<void>
  close(): Promise<void>
}

export interface AppOptions {
  /** Rows the mock API serves (besides the documentation's three). */
  rows?: number
  /** Per request, so a sync lasts long enough to watch its progress. */
  latencyMs?: number
  /** Save the key and fill the archive before the page opens, as on any day after the first. */
  synced?: boolean
  /**
   * With `synced`: fetch every transcript too, as `sync --messages` does, so the archive holds
   * them all before the page opens.
   */
  transcripts?: boolean
  /**
   * The conversations the mock API serves, newest first; by default the documentation's three
   * among `rows` generated ones (sampleConversations).
   */
  conversations?: readonly ApiConversationJson[]
  /**
   * The Settings' background backfill of transcripts after each sync, written to the settings
   * file before the app starts; the app's default (on, every conversation) when absent.
   */
  backfill?: boolean | { days: number }
  /** The mock API's throttle (X-RateLimit-* headers, 429 past it), which the pacer follows. */
  rateLimit?: { limit: number; windowMs?: number }
  /** What lies where the archive should be before the app starts (a file that is not one). */
  archiveBytes?: Buffer
  /**
   * A second mock API serving these conversations to SECOND_API_KEY, for a second account added
   * through Settings: its url is `secondMock.url`.
   */
  secondApi?: { conversations: readonly ApiConversationJson[] }
}

/**
 * The app as a person meets it, without Electron: the mock autocalls API, the browser harness
 * (the built renderer plus the real IPC handler table in this process) and a Chromium page on it.
 */
export async function startAppUnderTest(options: AppOptions = {}): Promise<AppUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-e2e-'))
  const dbPath = join(dir, 'archive.sqlite3')
  const userDataDir = join(dir, 'user-data')
  let mock: MockApi | null = await startMockApi({
    apiKey: API_KEY,
    conversations: options.conversations ?? sampleConversations(options.rows ?? 300),
    latencyMs: options.latencyMs ?? 0,
    rateLimit: options.rateLimit ?? null
  })
  const secondMock = options.secondApi
    ? await startMockApi({
        apiKey: SECOND_API_KEY,
        conversations: options.secondApi.conversations,
        latencyMs: 0,
        rateLimit: null
      })
    : null
  const secretStore = createMemorySecretStore()
  if (options.backfill !== undefined) {
    const days = typeof options.backfill === 'object' ? options.backfill.days : null
    mkdirSync(userDataDir, { recursive: true })
    writeFileSync(
      settingsPath(userDataDir),
      JSON.stringify({
        transcriptBackfill: options.backfill !== false,
        transcriptBackfillDays: days
      })
    )
  }
  if (options.archiveBytes) writeFileSync(dbPath, options.archiveBytes)
  if (options.synced) {
    await secretStore.set(apiKeyAccount(mock.url), API_KEY)
    await fillArchive(dbPath, mock.url, options.transcripts ?? false)
  }
  const harness = await startHarness({
    dbPath,
    baseUrl: mock.url,
    userDataDir,
    secretStore,
    port: 0
  })
  let browser: Browser | null = null
  try {
    browser = await launchChromium()
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
    await page.goto(harness.url)
    const openBrowser = browser
    return {
      page,
      mock,
      secondMock,
      dbPath,
      savedDir: savedFilesDir(userDataDir),
      async goOffline() {
        await mock?.close()
        mock = null
      },
      async close() {
        await openBrowser.close()
        await harness.close()
        await mock?.close()
        await secondMock?.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }
  } catch (error) {
    await browser?.close()
    await harness.close()
    await mock.close()
    await secondMock?.close()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

/** The list, and the transcripts when asked, as the CLI's `sync [--messages]` would leave them. */
async function fillArchive(dbPath: string, baseUrl: string, transcripts: boolean): Promise<void> {
  const pacer = createRatePacer()
  const client = createApiClient({ apiKey: API_KEY, baseUrl, pacer })
  const archive = openArchive(dbPath)
  try {
    await syncArchive({ archive, client })
    if (!transcripts) return
    const writer = createInlineWriter(archive)
    try {
      const summary = await backfillTranscripts({ writer, client, pacer })
      if (summary.remaining > 0) {
        throw new Error(`${summary.remaining} transcripts were not archived before the test`)
      }
    } finally {
      await writer.close()
    }
  } finally {
    archive.close()
  }
}

/**
 * A second page of the same app at an address, as a link from another program opens it; the
 * caller closes it.
 */
export async function openPageAt(app: AppUnderTest, hash: string): Promise<Page> {
  const browser = app.page.context().browser()
  if (!browser) throw new Error('No browser')
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
  await page.goto(`${new URL(app.page.url()).origin}/${hash}`)
  return page
}
