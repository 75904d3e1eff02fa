import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IpcResult } from '../../src/shared/ipc/contract'
import type { CustomerLookup } from '../../src/shared/model/customer'
import { createIpcHandlers, type IpcHandlers } from '../../src/main/core/ipc/createIpcHandlers'
import { createMemorySecretStore } from '../../src/main/core/secrets/memorySecretStore'
import { pickAccountLookups, type AccountLookup } from './accountLookupPhones'
import { buildAccountArchives, type BenchAccount } from './buildAccountArchives'
import type { WorkerBundles } from './bundleWorkers'
import type { BenchmarkFigures } from './figures'
import { percentile, round } from './statistics'

/** The issue's scale: five accounts of 200,000 conversations each. */
export const LOOKUP_ACCOUNTS = 5
export const ROWS_PER_ACCOUNT = 200_000

export interface AccountsLookupScale {
  accounts?: number
  rowsPerAccount?: number
  /** Numbers from each archive (the customer view's mix); the shared ones come on top. */
  perAccount?: number
  shared?: number
}

export interface AccountsLookupFigures {
  accounts: number
  rowsPerAccount: number
  lookups: number
  p50Ms: number
  p95Ms: number
  maxMs: number
  /** The same numbers in each account alone (the current one, allAccounts off), p95 each. */
  singleP95Ms: { name: string; ms: number }[]
  /** Lookups whose listed conversations came from more than one account. */
  answeredFromSeveral: number
  sharedNumbers: number
  picked: number
  shared: number
  meanConversations: number
  /** The answer's size as JSON: what crosses to the window. */
  meanAnswerKb: number
  maxAnswerKb: number
  syncMs: number[]
  seeds: number[]
  /**
   * The machine's load average over a minute as the lookups began and as they ended: on a
   * shared machine it moves these figures more than anything, since a lookup wakes a reader
   * thread per account and each may wait for a core.
   */
  loadBefore: number
  loadAfter: number
}

async function valueOf<T>(result: Promise<IpcResult<T>>, what: string): Promise<T> {
  const answer = await result
  if (!answer.ok) throw new Error(`${what}: ${answer.error.code}: ${answer.error.message}`)
  return answer.value
}

interface Timed {
  ms: number
  answer: CustomerLookup
}

async function timedLookup(
  handlers: IpcHandlers,
  phone: string,
  allAccounts: boolean
): Promise<Timed> {
  const started = performance.now()
  const answer = await handlers.getCustomer({ phone, allAccounts })
  const ms = performance.now() - started
  if (!answer.ok) throw new Error(`The lookup of ${phone}: ${answer.error.message}`)
  return { ms, answer: answer.value }
}

/** Every account answered, and the number was found where it was picked from. */
function checkAcross(lookup: AccountLookup, answer: CustomerLookup, accounts: number): void {
  if (answer.unanswered.length > 0) {
    const names = answer.unanswered.map((u) => `${u.account.name}: ${u.message}`).join('; ')
    throw new Error(`The lookup of ${lookup.typed} went unanswered by ${names}`)
  }
  if (answer.accounts?.length !== accounts) {
    throw new Error(`The lookup of ${lookup.typed} looked in ${answer.accounts?.length} accounts.`)
  }
  if (answer.count === 0) throw new Error(`The lookup of ${lookup.typed} found nothing.`)
}

async function acrossAccounts(
  handlers: IpcHandlers,
  lookups: readonly AccountLookup[],
  accounts: number
): Promise<{ samples: number[]; answers: CustomerLookup[] }> {
  const samples: number[] = []
  const answers: CustomerLookup[] = []
  for (const lookup of lookups) {
    const { ms, answer } = await timedLookup(handlers, lookup.typed, true)
    checkAcross(lookup, answer, accounts)
    samples.push(ms)
    answers.push(answer)
  }
  return { samples, answers }
}

/** The same numbers in each account alone: what each archive's reader costs by itself. */
async function eachAccountAlone(
  handlers: IpcHandlers,
  accounts: readonly BenchAccount[],
  lookups: readonly AccountLookup[]
): Promise<{ name: string; ms: number }[]> {
  const p95s: { name: string; ms: number }[] = []
  for (const { account } of accounts) {
    await valueOf(handlers.switchAccount({ id: account.id }), 'Switching account')
    const samples: number[] = []
    for (const lookup of lookups)
      samples.push((await timedLookup(handlers, lookup.typed, false)).ms)
    p95s.push({ name: account.name, ms: percentile(samples, 95) })
  }
  await valueOf(handlers.switchAccount({ id: accounts[0].account.id }), 'Switching account')
  return p95s
}

function distinctAccounts(answer: CustomerLookup): number {
  return new Set(answer.conversations.map((conversation) => conversation.account?.id)).size
}

/**
 * The customer lookup across every account, through the app's own path: a user-data folder of
 * synced accounts (see buildAccountArchives), opened by createIpcHandlers with the bundled reader
 * threads, a secret store without keys and the schedule off, so nothing syncs; then
 * getCustomer({ phone, allAccounts: true }) timed for each number, after one lookup per archive
 * has started every reader. The same numbers in each account alone come last, for comparison.
 */
export async function measureAccountsLookup(
  workers: WorkerBundles,
  progress: (message: string) => void,
  scale: AccountsLookupScale = {}
): Promise<AccountsLookupFigures> {
  const count = scale.accounts ?? LOOKUP_ACCOUNTS
  const rows = scale.rowsPerAccount ?? ROWS_PER_ACCOUNT
  const dir = mkdtempSync(join(tmpdir(), 'conversation-browser-accounts-'))
  const userDataDir = join(dir, 'user-data')
  try {
    progress(`Syncing ${count} accounts of ${rows.toLocaleString('en')} conversations each…`)
    const built = await buildAccountArchives(
      userDataDir,
      { count, rows, writerEntry: workers.writerEntry },
      progress
    )
    const phones = pickAccountLookups(
      built.accounts.map((account) => account.archive),
      { perAccount: scale.perAccount ?? 50, shared: scale.shared ?? 50, seed: 61 }
    )
    progress(`Looking up ${phones.lookups.length} numbers across the ${count} accounts…`)
    const handlers = createIpcHandlers({
      userDataDir,
      secretStore: createMemorySecretStore(),
      readerEntry: workers.readerEntry,
      writerEntry: workers.writerEntry,
      emit: () => undefined
    })
    try {
      const state = await valueOf(handlers.getAppState(undefined), 'The app state')
      if (state.accounts.length !== count) {
        throw new Error(`The app opened ${state.accounts.length} accounts, not ${count}.`)
      }
      const [loadBefore] = loadavg()
      for (const phone of phones.warmUp) await timedLookup(handlers, phone, true)
      const { samples, answers } = await acrossAccounts(handlers, phones.lookups, count)
      const singleP95Ms = await eachAccountAlone(handlers, built.accounts, phones.lookups)
      const answerKb = answers.map((answer) => Buffer.byteLength(JSON.stringify(answer)) / 1024)
      return {
        accounts: count,
        rowsPerAccount: rows,
        lookups: samples.length,
        p50Ms: percentile(samples, 50),
        p95Ms: percentile(samples, 95),
        maxMs: Math.max(...samples),
        singleP95Ms,
        answeredFromSeveral: answers.filter((answer) => distinctAccounts(answer) > 1).length,
        sharedNumbers: phones.sharedNumbers,
        picked: phones.picked,
        shared: phones.shared,
        meanConversations:
          answers.reduce((sum, answer) => sum + answer.conversations.length, 0) / answers.length,
        meanAnswerKb: answerKb.reduce((sum, kb) => sum + kb, 0) / answerKb.length,
        maxAnswerKb: Math.max(...answerKb),
        syncMs: built.syncMs,
        seeds: built.accounts.map((account) => account.seed),
        loadBefore,
        loadAfter: loadavg()[0]
      }
    } finally {
      await handlers.dispose()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What the figures were measured over, for the report. */
export function describeAccountsLookup(figures: AccountsLookupFigures): string {
  const seconds = (ms: number): string => (ms / 1000).toFixed(0)
  return [
    `${figures.accounts} accounts of ${figures.rowsPerAccount.toLocaleString('en')} conversations, each synced from the mock API under a seed of its own (${figures.seeds.join(', ')}) through syncArchive and the writer thread (${figures.syncMs.map(seconds).join(', ')} s), listed in accounts.json (layout 'own', archives where archivePathOf puts them) and opened by createIpcHandlers with the bundled reader threads, no keys and the schedule off`,
    `${figures.lookups} lookups of getCustomer({ phone, allAccounts: true }) after one per archive to start the readers: ${figures.picked} numbers from the archives (the customer view's pick: the busiest and random customers) and ${figures.shared} of the ${figures.sharedNumbers.toLocaleString('en')} numbers stored in two or more archives, spelt as stored, formatted, digits alone and with 00, in turn`,
    `${figures.answeredFromSeveral} answers listed conversations of more than one account; ${figures.meanConversations.toFixed(0)} conversations listed on average, ${figures.meanAnswerKb.toFixed(0)} KB of JSON on average, ${figures.maxAnswerKb.toFixed(0)} KB at most`,
    `each account alone (allAccounts off), p95: ${figures.singleP95Ms.map((s) => `${s.name} ${s.ms.toFixed(1)} ms`).join(', ')}`,
    `load average ${figures.loadBefore.toFixed(1)} as the lookups began, ${figures.loadAfter.toFixed(1)} as they ended, on ${availableParallelism()} cores`
  ].join('; ')
}

/** The phase's figures under the names of figures.ts. */
export function accountsLookupFigures(
  figures: AccountsLookupFigures
): Pick<
  BenchmarkFigures,
  | 'accounts_lookup_p50_ms'
  | 'accounts_lookup_p95_ms'
  | 'accounts_lookup_max_ms'
  | 'accounts_single_lookup_p95_ms'
> {
  return {
    accounts_lookup_p50_ms: round(figures.p50Ms, 3),
    accounts_lookup_p95_ms: round(figures.p95Ms, 3),
    accounts_lookup_max_ms: round(figures.maxMs, 3),
    accounts_single_lookup_p95_ms: round(Math.max(...figures.singleP95Ms.map((s) => s.ms)), 3)
  }
}
