import { dirname } from 'node:path'
import { createApiClient, DEFAULT_BASE_URL, openArchive, syncArchive } from '../../src/main/core'
import { archivePathOf } from '../../src/main/core/accounts/accountPlaces'
import { writeAccountsFile, type StoredAccount } from '../../src/main/core/accounts/accountsFile'
import { makePrivateDir } from '../../src/main/core/privateFiles'
import { readSettings, writeSettings } from '../../src/main/core/settings/settingsFile'
import { BENCH_API_KEY, startMockApiProcess } from './mockApiProcess'

/** One account of the user-data folder, with the mock seed its archive was synced from. */
export interface BenchAccount {
  account: StoredAccount
  archive: string
  seed: number
}

export interface AccountArchives {
  accounts: BenchAccount[]
  /** Wall time of each account's sync, in order. */
  syncMs: number[]
}

/** Seeds of their own, so no account's customers are the full sync's (seed 1) or each other's. */
const FIRST_ACCOUNT_SEED = 101

/**
 * A user-data folder as the app leaves it after syncing `count` accounts: accounts.json lists
 * them (each with an archive of its own, layout 'own', where archivePathOf puts it), each
 * archive holds `rows` conversations synced from the mock API under a seed of its own, through
 * syncArchive and the writer thread as the app syncs, and settings.json turns the schedule off,
 * so the app that opens the folder syncs nothing while it is measured.
 */
export async function buildAccountArchives(
  userDataDir: string,
  options: { count: number; rows: number; writerEntry: string },
  progress: (message: string) => void
): Promise<AccountArchives> {
  const accounts: BenchAccount[] = []
  const syncMs: number[] = []
  for (let index = 0; index < options.count; index++) {
    const account: StoredAccount = {
      id: `bench-${index + 1}`,
      name: `Client ${index + 1}`,
      baseUrl: DEFAULT_BASE_URL,
      layout: 'own'
    }
    const seed = FIRST_ACCOUNT_SEED + index
    const archive = archivePathOf(account, userDataDir)
    progress(`  ${account.name}: ${options.rows.toLocaleString('en')} conversations, seed ${seed}…`)
    syncMs.push(await syncInto(archive, options.rows, seed, options.writerEntry))
    accounts.push({ account, archive, seed })
  }
  writeAccountsFile(userDataDir, {
    current: accounts[0].account.id,
    accounts: accounts.map(({ account }) => account)
  })
  writeSettings(userDataDir, {
    ...readSettings(userDataDir, DEFAULT_BASE_URL),
    syncIntervalMinutes: 0
  })
  return { accounts, syncMs }
}

async function syncInto(
  file: string,
  rows: number,
  seed: number,
  writerEntry: string
): Promise<number> {
  makePrivateDir(dirname(file))
  const mock = await startMockApiProcess({ rows, seed, latencyMs: 0 })
  const archive = openArchive(file)
  try {
    const client = createApiClient({ apiKey: BENCH_API_KEY, baseUrl: mock.url })
    const summary = await syncArchive({ archive, client, writerEntry })
    if (summary.rows !== rows) {
      throw new Error(`The sync of seed ${seed} archived ${summary.rows} rows, not ${rows}.`)
    }
    return summary.durationMs
  } finally {
    archive.close()
    await mock.stop()
  }
}
