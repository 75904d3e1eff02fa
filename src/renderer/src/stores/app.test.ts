import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { AppState, IpcResult } from '@shared/ipc/contract'
import type { SearchPage, SearchQuery } from '../../../shared/model/search'
import type { AccountSummary } from '../../../shared/model/account'
import {
  accountSummary,
  appState,
  archived,
  conversation,
  customerOverview,
  idleSync,
  installFakeApi,
  ok
} from '../test/fakeApi'
import { insightsFixture } from '../test/insights'
import { useAppStore } from './app'
import { useSearchStore } from './search'
import { useFiltersStore } from './filters'
import { useDashboardStore } from './dashboard'
import { useCustomerStore } from './customer'
import { useSyncStore } from './sync'

const ACME = accountSummary({ id: 'acme', name: 'Acme', current: true })
const BETA = accountSummary({ id: 'beta', name: 'Beta Bakery', current: false })

function asCurrent(accounts: AccountSummary[], id: string): AccountSummary[] {
  return accounts.map((account) => ({ ...account, current: account.id === id }))
}

function stateIn(id: string, overrides: Partial<AppState> = {}): AppState {
  return appState({ accounts: asCurrent([ACME, BETA], id), ...overrides })
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined
  const promise = new Promise<T>((settle) => (resolve = settle))
  return { promise, resolve }
}

beforeEach(() => setActivePinia(createPinia()))

describe('app store: accounts', () => {
  it('knows every account and the current one from the state', async () => {
    installFakeApi({ getAppState: () => ok(stateIn('beta')) })
    const app = useAppStore()
    await app.load()
    expect(app.accounts.map((account) => account.name)).toEqual(['Acme', 'Beta Bakery'])
    expect(app.accountId).toBe('beta')
    expect(app.currentAccount?.name).toBe('Beta Bakery')
  })

  it('takes names and sync states from the accounts event, but not a change of account', async () => {
    const fake = installFakeApi({ getAppState: () => ok(stateIn('acme')) })
    const app = useAppStore()
    app.followAccounts()
    await app.load()
    // addAccount's event comes before its answer: the window changes account with the answer.
    const renamed = asCurrent([{ ...ACME, name: 'Acme Ltd' }, BETA], 'beta')
    fake.emitAccounts(renamed)
    expect(app.accounts.map((account) => account.name)).toEqual(['Acme Ltd', 'Beta Bakery'])
    expect(app.accountId).toBe('acme')
    expect(app.currentAccount?.name).toBe('Acme Ltd')
    app.stopFollowingAccounts()
    fake.emitAccounts([ACME])
    expect(app.accounts).toHaveLength(2)
  })

  it('follows main to another account when the one shown was removed elsewhere', async () => {
    let state = stateIn('beta')
    const fake = installFakeApi({ getAppState: vi.fn(() => ok(state)) })
    const app = useAppStore()
    app.followAccounts()
    await app.load()
    const search = useSearchStore()
    search.input = 'bread'
    state = appState({ accounts: [{ ...ACME, current: true }] })
    fake.emitAccounts(state.accounts)
    await vi.waitFor(() => expect(app.accountId).toBe('acme'))
    expect(fake.api.getAppState).toHaveBeenCalledTimes(2)
    expect(search.input).toBe('')
  })

  it('on a switch, empties every store of the account before and loads the new one’s list', async () => {
    const searches: SearchQuery[] = []
    const fake = installFakeApi({
      getAppState: () => ok(stateIn('acme')),
      switchAccount: vi.fn(() =>
        ok(stateIn('beta', { sync: idleSync({ lastSyncAt: '2026-12-01T00:00:00Z' }) }))
      ),
      search: vi.fn((query: SearchQuery) => {
        searches.push(query)
        return ok<SearchPage>({ conversations: [conversation('beta-1')], nextCursor: null })
      }),
      getFilterOptions: vi.fn(() => ok({ types: ['api'], assistants: [], senders: [] }))
    })
    const app = useAppStore()
    await app.load()
    const search = useSearchStore()
    const filters = useFiltersStore()
    const dashboard = useDashboardStore()
    const customer = useCustomerStore()
    search.input = 'refund'
    search.results = [conversation('acme-1')]
    search.openConversation = archived('acme-1')
    filters.options = { types: ['whatsapp'], assistants: [], senders: [] }
    dashboard.insights = insightsFixture()
    dashboard.answeredKey = 'acme question'
    customer.phone = '+14155559876'
    customer.overview = customerOverview()

    await app.switchAccount('beta')
    expect(fake.api.switchAccount).toHaveBeenCalledWith({ id: 'beta' })
    expect(app.accountId).toBe('beta')
    expect(search.input).toBe('')
    expect(search.openConversation).toBeNull()
    expect(dashboard.insights).toBeNull()
    expect(dashboard.answeredKey).toBeNull()
    expect(customer.overview).toBeNull()
    expect(customer.phone).toBeNull()
    expect(useSyncStore().status?.lastSyncAt).toBe('2026-12-01T00:00:00Z')
    await vi.waitFor(() => expect(search.results.map((row) => row.id)).toEqual(['beta-1']))
    expect(searches.at(-1)?.text).toBeUndefined()
    expect(filters.options.types).toEqual(['api'])
  })

  it('drops an answer the account before was still giving, and never shares its pending load', async () => {
    const acmeAnswer = deferred<IpcResult<SearchPage>>()
    let account = 'acme'
    const search = vi.fn(() =>
      account === 'acme'
        ? acmeAnswer.promise
        : ok<SearchPage>({ conversations: [conversation('beta-1')], nextCursor: null })
    )
    installFakeApi({
      getAppState: () => ok(stateIn('acme')),
      switchAccount: vi.fn(() => {
        account = 'beta'
        return ok(stateIn('beta'))
      }),
      search
    })
    const app = useAppStore()
    await app.load()
    const store = useSearchStore()
    const before = store.search()
    await app.switchAccount('beta')
    // The same (empty) query again, for the new account: asked anew, not the pending one.
    expect(search).toHaveBeenCalledTimes(2)
    acmeAnswer.resolve({
      ok: true,
      value: { conversations: [conversation('acme-1')], nextCursor: null }
    })
    await before
    await vi.waitFor(() => expect(store.results.map((row) => row.id)).toEqual(['beta-1']))
  })

  it('keeps the stores as they are when the state names the same account', async () => {
    installFakeApi({ getAppState: () => ok(stateIn('acme')) })
    const app = useAppStore()
    await app.load()
    const search = useSearchStore()
    search.input = 'refund'
    await app.load()
    expect(search.input).toBe('refund')
  })

  it('shows the account an address names, in any case, and says so of an unknown name', async () => {
    const switchAccount = vi.fn(() => ok(stateIn('beta')))
    installFakeApi({ getAppState: () => ok(stateIn('acme')), switchAccount })
    const app = useAppStore()
    await app.load()
    await app.selectAccountNamed('nobody')
    expect(app.accountNotice).toBe('No account is named “nobody”, so this shows “Acme”.')
    expect(switchAccount).not.toHaveBeenCalled()
    await app.selectAccountNamed(' BETA bakery ')
    expect(switchAccount).toHaveBeenCalledWith({ id: 'beta' })
    expect(app.accountId).toBe('beta')
    expect(app.accountNotice).toBeNull()
    await app.selectAccountNamed('beta bakery')
    expect(switchAccount).toHaveBeenCalledTimes(1)
  })

  it('says why a named account could not be opened, and stays', async () => {
    installFakeApi({
      getAppState: () => ok(stateIn('acme')),
      switchAccount: vi.fn(async () => ({
        ok: false as const,
        error: { code: 'archive' as const, message: 'The archive cannot be opened.' }
      }))
    })
    const app = useAppStore()
    await app.load()
    await app.selectAccountNamed('Beta Bakery')
    expect(app.accountId).toBe('acme')
    expect(app.accountNotice).toBe(
      '“Beta Bakery” could not be opened, so this shows “Acme”: The archive cannot be opened.'
    )
  })

  it('adds, renames and removes accounts through main, and follows the account it names', async () => {
    const fake = installFakeApi({
      getAppState: () => ok(stateIn('acme')),
      addAccount: vi.fn(() => ok(stateIn('beta'))),
      renameAccount: vi.fn(() => ok(asCurrent([{ ...ACME, name: 'Acme Ltd' }, BETA], 'beta'))),
      removeAccount: vi.fn(() => ok(appState({ accounts: [{ ...ACME, current: true }] })))
    })
    const app = useAppStore()
    await app.load()
    const input = { name: 'Beta Bakery', apiKey: 'key-1234', baseUrl: 'http://127.0.0.1:1/api' }
    await app.addAccount(input)
    expect(fake.api.addAccount).toHaveBeenCalledWith(input)
    expect(app.accountId).toBe('beta')
    await app.renameAccount('acme', 'Acme Ltd')
    expect(fake.api.renameAccount).toHaveBeenCalledWith({ id: 'acme', name: 'Acme Ltd' })
    expect(app.accounts[0]?.name).toBe('Acme Ltd')
    await app.removeAccount('beta', true)
    expect(fake.api.removeAccount).toHaveBeenCalledWith({ id: 'beta', deleteArchive: true })
    expect(app.accountId).toBe('acme')
    expect(app.accounts).toHaveLength(1)
  })
})
