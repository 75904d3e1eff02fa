import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { startHarness } from '../../../scripts/harness/startHarness'
import { createApiClient } from '../../../src/main/core/api/client'
import { openArchive } from '../../../src/main/core/archive/openArchive'
import { startMockApi, type MockApi } from '../../../src/main/core/mockApi/mockApiServer'
import { createMemorySecretStore } from '../../../src/main/core/secrets/memorySecretStore'
import { apiKeyAccount } from '../../../src/main/core/secrets/secretStore'
import { syncArchive } from '../../../src/main/core/sync/syncArchive'
import { launchChromium } from './browser'
import { sampleConversations } from './sampleConversations'

export const API_KEY = 'e2e-key-0123456789abcd'

export interface AppUnderTest {
  page: Page
  mock: MockApi
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
}

/**
 * The app as a person meets it, without Electron: the mock autocalls API, the browser harness
 * (the built renderer plus the real IPC handler table in this process) and a Chromium page on it.
 */
export async function startAppUnderTest(options: AppOptions = {}): Promise<AppUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-e2e-'))
  const dbPath = join(dir, 'archive.sqlite3')
  let mock: MockApi | null = await startMockApi({
    apiKey: API_KEY,
    conversations: sampleConversations(options.rows ?? 300),
    latencyMs: options.latencyMs ?? 0
  })
  const secretStore = createMemorySecretStore()
  if (options.synced) {
    await secretStore.set(apiKeyAccount(mock.url), API_KEY)
    const archive = openArchive(dbPath)
    try {
      await syncArchive({
        archive,
        client: createApiClient({ apiKey: API_KEY, baseUrl: mock.url })
      })
    } finally {
      archive.close()
    }
  }
  const harness = await startHarness({
    dbPath,
    baseUrl: mock.url,
    userDataDir: join(dir, 'user-data'),
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
      async goOffline() {
        await mock?.close()
        mock = null
      },
      async close() {
        await openBrowser.close()
        await harness.close()
        await mock?.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }
  } catch (error) {
    await browser?.close()
    await harness.close()
    await mock.close()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}
