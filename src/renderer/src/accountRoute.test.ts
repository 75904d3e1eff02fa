import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import type { AppState } from '@shared/ipc/contract'
import { accountSummary, appState, installFakeApi, ok } from './test/fakeApi'
import { createAppRouter } from './router'
import { guardAccountParam } from './accountRoute'
import { useAppStore } from './stores/app'

const ACME = accountSummary({ id: 'acme', name: 'Acme', current: true })
const BETA = accountSummary({ id: 'beta', name: 'Beta Bakery', current: false })

function stateIn(id: string): AppState {
  return appState({
    accounts: [ACME, BETA].map((account) => ({ ...account, current: account.id === id }))
  })
}

function setUp() {
  const fake = installFakeApi({
    getAppState: vi.fn(() => ok(stateIn('acme'))),
    switchAccount: vi.fn(({ id }) => ok(stateIn(id)))
  })
  const router = createAppRouter(createMemoryHistory())
  guardAccountParam(router, () => useAppStore())
  return { fake, router, app: useAppStore() }
}

beforeEach(() => setActivePinia(createPinia()))

describe('?account=NAME on an address', () => {
  it('switches before the view opens, waiting for the first state, and opens it without the parameter', async () => {
    const { fake, router, app } = setUp()
    await router.push('/customer/+14155559876?account=beta%20bakery')
    expect(fake.api.getAppState).toHaveBeenCalledTimes(1)
    expect(fake.api.switchAccount).toHaveBeenCalledWith({ id: 'beta' })
    expect(app.accountId).toBe('beta')
    expect(router.currentRoute.value.fullPath).toBe('/customer/+14155559876')
  })

  it('keeps the rest of the address: a search, and a conversation’s', async () => {
    const { router, app } = setUp()
    await router.push('/search?q=refund&account=Beta%20Bakery&type=api')
    expect(app.accountId).toBe('beta')
    expect(router.currentRoute.value.query).toEqual({ q: 'refund', type: 'api' })
    await router.push('/conversation/abc-1?account=ACME')
    expect(app.accountId).toBe('acme')
    expect(router.currentRoute.value.name).toBe('search')
    expect(router.currentRoute.value.query).toEqual({ open: 'abc-1' })
  })

  it('stays on the current account for an unknown name, and says so', async () => {
    const { fake, router, app } = setUp()
    await router.push('/dashboard?account=Nobody&range=7d')
    expect(fake.api.switchAccount).not.toHaveBeenCalled()
    expect(app.accountId).toBe('acme')
    expect(app.accountNotice).toBe('No account is named “Nobody”, so this shows “Acme”.')
    expect(router.currentRoute.value.fullPath).toBe('/dashboard?range=7d')
  })

  it('leaves addresses without the parameter alone, without waiting for anything', async () => {
    const { fake, router } = setUp()
    await router.push('/search?q=x')
    expect(fake.api.getAppState).not.toHaveBeenCalled()
    expect(router.currentRoute.value.fullPath).toBe('/search?q=x')
  })
})
