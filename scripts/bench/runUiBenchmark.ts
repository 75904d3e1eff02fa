import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { createMemorySecretStore } from '../../src/main/core/secrets/memorySecretStore'
import { apiKeyAccount } from '../../src/main/core/secrets/secretStore'
import { launchChromium } from '../../tests/e2e/support/browser'
import { startHarness, type Harness } from '../harness/startHarness'
import { bundleWorkers, type WorkerBundles } from './bundleWorkers'
import { measureCustomerOpen, pickCustomers, type CustomerOpenSample } from './measureCustomerOpen'
import { everyTenth, runFullSync } from './fullSync'
import {
  bundleScrollProbe,
  checkRowsAgainstArchive,
  measureScrolling,
  summariseScrolling,
  type ScrollFigures,
  type ScrollMeasurement
} from './measureScrolling'
import { bundleTypingProbe, clearSearch, measureTyping, type TypingSample } from './measureTyping'
import { buildPhoneQueries, type PhoneQuery } from './phoneQueries'
import { seededRandom } from './random'
import type { BenchmarkProgress } from './runBenchmark'
import { percentile, round } from './statistics'

export interface UiBenchmarkFigures extends ScrollFigures {
  rows: number
  typing_to_results_p50_ms: number
  typing_to_results_p95_ms: number
  typing_to_results_max_ms: number
  queries: number
  /** From opening `#/customer/<phone>` to that customer's conversations painted. */
  customer_open_p50_ms: number
  customer_open_p95_ms: number
  customer_open_max_ms: number
  customers_opened: number
}

export interface UiBenchmarkRun {
  figures: UiBenchmarkFigures
  /** Fragments of three digits alone: the widest matches, so the slowest searches. */
  p95Ms3Digits: number
  /** p50 and p95 of the time from the app's search request to the paint, debounce excluded. */
  afterSearchStartP50Ms: number
  afterSearchStartP95Ms: number
  samples: TypingSample[]
  scroll: ScrollMeasurement
  customers: CustomerOpenSample[]
}

const RENDERER_DIR = resolve('out/renderer')
// Nothing listens there: the app finds itself offline, which search does not mind.
const OFFLINE_BASE_URL = 'http://127.0.0.1:9'
const APP_KEY = 'bench-ui-key-0123456789'
const QUERY_SEED = 29

/** Three-digit fragments in the proportion the server benchmark uses, the rest 4 to 15 digits. */
function pickQueries(file: string, count: number): PhoneQuery[] {
  const reader = new Database(file, { readonly: true })
  try {
    const count3 = Math.round(count / 5)
    const { short, longer } = buildPhoneQueries(reader, {
      count3,
      countLonger: count - count3,
      seed: QUERY_SEED
    })
    const mixed = [...short, ...longer]
    const random = seededRandom(QUERY_SEED)
    for (let i = mixed.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[mixed[i], mixed[j]] = [mixed[j], mixed[i]]
    }
    return mixed
  } finally {
    reader.close()
  }
}

function pickCustomersOf(file: string, count: number): string[] {
  const reader = new Database(file, { readonly: true })
  try {
    return pickCustomers(reader, count, QUERY_SEED)
  } finally {
    reader.close()
  }
}

function summarise(
  rows: number,
  samples: TypingSample[],
  digitsOf: Map<string, string>,
  scroll: ScrollMeasurement,
  customers: CustomerOpenSample[]
): UiBenchmarkRun {
  const opened = customers.map((sample) => sample.ms)
  const latencies = samples.map((sample) => sample.latencyMs)
  const afterStart = samples.map((sample) => sample.afterSearchStartMs)
  const shortLatencies = samples
    .filter((sample) => digitsOf.get(sample.typed)?.length === 3)
    .map((sample) => sample.latencyMs)
  return {
    figures: {
      rows,
      typing_to_results_p50_ms: round(percentile(latencies, 50), 1),
      typing_to_results_p95_ms: round(percentile(latencies, 95), 1),
      typing_to_results_max_ms: round(Math.max(...latencies), 1),
      queries: samples.length,
      customer_open_p50_ms: round(percentile(opened, 50), 1),
      customer_open_p95_ms: round(percentile(opened, 95), 1),
      customer_open_max_ms: round(Math.max(...opened), 1),
      customers_opened: customers.length,
      ...summariseScrolling(scroll)
    },
    p95Ms3Digits: round(percentile(shortLatencies, 95), 1),
    afterSearchStartP50Ms: round(percentile(afterStart, 50), 1),
    afterSearchStartP95Ms: round(percentile(afterStart, 95), 1),
    samples,
    scroll,
    customers
  }
}

/**
 * The archive's conversations: synced from the mock API into `file`, or, when a kept archive
 * already exists there, counted (a full sync of a million rows takes minutes; a kept one lets
 * a change to the renderer be measured again at once).
 */
async function syncOrReuse(
  file: string,
  rows: number,
  kept: boolean,
  workers: WorkerBundles,
  progress: BenchmarkProgress
): Promise<number> {
  if (kept && existsSync(file)) {
    const reader = new Database(file, { readonly: true })
    try {
      const count = reader.prepare('SELECT count(*) FROM conversations').pluck().get() as number
      progress(`Reusing the archive ${file} of ${count.toLocaleString('en')} conversations.`)
      return count
    } finally {
      reader.close()
    }
  }
  progress(`Syncing ${rows.toLocaleString('en')} conversations from the mock API…`)
  const sync = await runFullSync(file, rows, workers, everyTenth(rows, progress))
  if (kept) progress(`Kept the archive in ${file} for the next run (--archive).`)
  return sync.rows
}

/**
 * Syncs `rows` conversations from the mock API into a temporary archive, opens the built
 * renderer on it in Chromium through the browser harness, and times typing phone fragments to
 * their results painted, then the frames while the whole list is scrolled. Everything it starts
 * is stopped, and the archive removed, on any outcome, unless it is a kept one (`keptArchive`).
 */
export async function runUiBenchmark(
  rows: number,
  queryCount: number,
  progress: BenchmarkProgress,
  keptArchive?: string
): Promise<UiBenchmarkRun> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No built renderer in ${RENDERER_DIR}: run npx electron-vite build first.`)
  }
  const dir = mkdtempSync(join(tmpdir(), 'conversation-browser-bench-ui-'))
  const dbPath = keptArchive === undefined ? join(dir, 'archive.sqlite') : resolve(keptArchive)
  let harness: Harness | null = null
  let browser: Browser | null = null
  try {
    const workers = await bundleWorkers()
    const archived = await syncOrReuse(dbPath, rows, keptArchive !== undefined, workers, progress)
    const queries = pickQueries(dbPath, queryCount)
    const customers = pickCustomersOf(dbPath, queryCount)

    const secretStore = createMemorySecretStore()
    await secretStore.set(apiKeyAccount(OFFLINE_BASE_URL), APP_KEY)
    harness = await startHarness({
      dbPath,
      baseUrl: OFFLINE_BASE_URL,
      userDataDir: join(dir, 'user-data'),
      secretStore,
      rendererDir: RENDERER_DIR,
      ...workers
    })
    browser = await launchChromium()
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', (error) => progress(`page error: ${error.message}`))
    await page.addInitScript({ content: await bundleTypingProbe() })
    await page.addInitScript({ content: await bundleScrollProbe() })
    await page.goto(harness.url)
    await page.getByTestId('conversation-row').first().waitFor()

    progress(`Typing ${queries.length} phone fragments…`)
    const samples = await measureTyping(page, queries, {
      seed: QUERY_SEED,
      onQuery: (done) => {
        if (done % 20 === 0) progress(`  ${done}/${queries.length}`)
      }
    })

    progress('Scrolling the whole list for about 10 s…')
    await clearSearch(page)
    const scroll = await measureScrolling(page)
    checkRowsAgainstArchive(dbPath, scroll.view)

    progress(`Opening ${customers.length} customers by their address…`)
    const opened = await measureCustomerOpen(page, customers)
    const digitsOf = new Map(queries.map((q) => [q.typed, q.digits]))
    return summarise(archived, samples, digitsOf, scroll, opened)
  } finally {
    await browser?.close()
    await harness?.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
