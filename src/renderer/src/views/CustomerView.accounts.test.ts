import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Router } from 'vue-router'
import type { Api } from '@shared/ipc/contract'
import type { AccountSummary } from '../../../shared/model/account'
import type { CustomerLookup } from '../../../shared/model/customer'
import {
  accountSummary,
  appState,
  conversation,
  customerOverview,
  installFakeApi,
  ok,
  transcript
} from '../test/fakeApi'
import { fakeLayout } from '../test/layout'
import { testRouter } from '../test/router'
import { guardAccountParam } from '../accountRoute'
import { useAppStore } from '../stores/app'
import CustomerView from './CustomerView.vue'

enableAutoUnmount(afterEach)

const ACME = accountSummary({ id: 'acme', name: 'Acme Dental', current: true })
const BETA = accountSummary({ id: 'beta', name: 'Beta Plumbing', current: false })
const PHONE = '+14155559876'

/** The answer of a lookup across both accounts: c2 in Beta Plumbing's archive, c1 in Acme's. */
function acrossBoth(overrides: Partial<CustomerLookup> = {}): CustomerLookup {
  return customerOverview({
    conversations: [
      { ...conversation('c2'), account: { id: 'beta', name: 'Beta Plumbing' } },
      {
        ...conversation('c1', { created_at: '2025-01-02T03:04:05Z' }),
        account: { id: 'acme', name: 'Acme Dental' }
      }
    ],
    accounts: [
      { id: 'acme', name: 'Acme Dental' },
      { id: 'beta', name: 'Beta Plumbing' }
    ],
    ...overrides
  })
}

let pinia: Pinia
let router: Router

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  fakeLayout()
})
afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

async function mountCustomer(path: string, accounts: AccountSummary[], api: Partial<Api> = {}) {
  const fake = installFakeApi({
    getAppState: vi.fn(() => ok(appState({ accounts }))),
    getCustomer: vi.fn(({ allAccounts }) => ok(allAccounts ? acrossBoth() : customerOverview())),
    switchAccount: vi.fn(({ id }) =>
      ok(
        appState({
          accounts: accounts.map((account) => ({ ...account, current: account.id === id }))
        })
      )
    ),
    ...api
  })
  await useAppStore().load()
  router = await testRouter('/search')
  guardAccountParam(router, () => useAppStore())
  await router.push(path)
  const wrapper = mount(CustomerView, {
    attachTo: document.body,
    global: { plugins: [pinia, router] }
  })
  await flushPromises()
  return { wrapper, ...fake }
}

const toggleOf = (wrapper: ReturnType<typeof mount>) =>
  wrapper.find('[data-testid="customer-all-accounts"]')

const row = (wrapper: ReturnType<typeof mount>, id: string) => wrapper.find(`[data-id="${id}"]`)

describe('CustomerView across accounts', () => {
  it('looks in every account by default when there are several', async () => {
    const { wrapper, api } = await mountCustomer(`/customer/${PHONE}`, [ACME, BETA])
    expect(api.getCustomer).toHaveBeenCalledWith({ phone: PHONE, allAccounts: true })
    const toggle = toggleOf(wrapper)
    expect((toggle.element as HTMLInputElement).checked).toBe(true)
    expect(toggle.attributes('type')).toBe('checkbox')
    // A real label names it.
    expect(toggle.element.closest('label')?.textContent).toContain('All accounts')
  })

  it('has nothing to choose with one account, and asks the current archive alone', async () => {
    const { wrapper, api } = await mountCustomer(`/customer/${PHONE}?accounts=all`, [ACME])
    expect(api.getCustomer).toHaveBeenCalledWith({ phone: PHONE })
    expect(toggleOf(wrapper).exists()).toBe(false)
    expect(wrapper.find('[data-testid="customer-conversation-account"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="customer-accounts-searched"]').exists()).toBe(false)
  })

  it('labels each conversation with its account, in its accessible name too', async () => {
    const { wrapper } = await mountCustomer(`/customer/${PHONE}`, [ACME, BETA])
    const label = (id: string) =>
      row(wrapper, id).find('[data-testid="customer-conversation-account"]').text()
    expect(label('c2')).toBe('Beta Plumbing')
    expect(label('c1')).toBe('Acme Dental')
    // The row's button is named by its text, the account's name among it.
    const button = row(wrapper, 'c2').find('[data-testid="customer-conversation-toggle"]')
    expect(button.text()).toContain('Beta Plumbing')
    expect(wrapper.find('[data-testid="customer-accounts-searched"]').text()).toBe('2')
  })

  it('names each account whose archive could not answer, and why', async () => {
    const { wrapper } = await mountCustomer(`/customer/${PHONE}`, [ACME, BETA], {
      getCustomer: () =>
        ok(
          acrossBoth({
            conversations: [conversation('c1')].map((c) => ({
              ...c,
              account: { id: 'acme', name: 'Acme Dental' }
            })),
            unanswered: [
              {
                account: { id: 'beta', name: 'Beta Plumbing' },
                message: 'The archive is busy.'
              }
            ]
          })
        )
    })
    const unanswered = wrapper.find('[data-testid="customer-unanswered"]')
    expect(unanswered.text()).toContain('Beta Plumbing')
    expect(unanswered.text()).toContain('The archive is busy.')
    expect(unanswered.attributes('role')).toBe('status')
  })

  it('reads, fetches and saves another account’s transcript from that account', async () => {
    const { wrapper, api } = await mountCustomer(`/customer/${PHONE}`, [ACME, BETA], {
      getTranscript: vi.fn(({ id, accountId }) =>
        ok(accountId ? transcript(id, { messages: null, fetched_at: null }) : transcript(id))
      )
    })
    await row(wrapper, 'c2').find('[data-testid="customer-conversation-toggle"]').trigger('click')
    await flushPromises()
    expect(api.getTranscript).toHaveBeenCalledWith({ id: 'c2', accountId: 'beta' })
    expect(api.fetchTranscript).toHaveBeenCalledWith({ id: 'c2', accountId: 'beta' })

    // The current account's conversation is asked as before.
    await row(wrapper, 'c1').find('[data-testid="customer-conversation-toggle"]').trigger('click')
    await flushPromises()
    expect(api.getTranscript).toHaveBeenCalledWith({ id: 'c1' })
    await row(wrapper, 'c1').find('[data-testid="transcript-save-text"]').trigger('click')
    await flushPromises()
    expect(api.saveTranscript).toHaveBeenLastCalledWith({ id: 'c1', format: 'text' })

    api.getTranscript = vi.fn(({ id }) => ok(transcript(id)))
    await row(wrapper, 'c2').find('[data-testid="customer-conversation-toggle"]').trigger('click')
    await row(wrapper, 'c2').find('[data-testid="customer-conversation-toggle"]').trigger('click')
    await flushPromises()
    await row(wrapper, 'c2').find('[data-testid="transcript-save-json"]').trigger('click')
    await flushPromises()
    expect(api.saveTranscript).toHaveBeenLastCalledWith({
      id: 'c2',
      format: 'json',
      accountId: 'beta'
    })
  })

  it('shows another account’s conversation in that account’s list, switching to it first', async () => {
    const { wrapper, api } = await mountCustomer(`/customer/${PHONE}`, [ACME, BETA])
    const show = (id: string) => row(wrapper, id).find('[data-testid="customer-conversation-show"]')
    expect(show('c1').attributes('aria-label')).toMatch(/^Show in list: the conversation of /)
    expect(show('c2').attributes('aria-label')).toMatch(
      /^Show in list of Beta Plumbing: the conversation of /
    )
    await show('c2').trigger('click')
    await flushPromises()
    expect(api.switchAccount).toHaveBeenCalledWith({ id: 'beta' })
    expect(useAppStore().accountId).toBe('beta')
    expect(router.currentRoute.value.fullPath).toBe('/search?open=c2')
  })

  it('shows the current account’s conversation in the list without a switch', async () => {
    const { wrapper, api } = await mountCustomer(`/customer/${PHONE}`, [ACME, BETA])
    await row(wrapper, 'c1').find('[data-testid="customer-conversation-show"]').trigger('click')
    await flushPromises()
    expect(api.switchAccount).not.toHaveBeenCalled()
    expect(router.currentRoute.value.fullPath).toBe('/search?open=c1')
  })

  it('looks again when another account’s sync ends, as it may have brought conversations', async () => {
    const { api, emitAccounts } = await mountCustomer(`/customer/${PHONE}`, [ACME, BETA])
    useAppStore().followAccounts()
    expect(api.getCustomer).toHaveBeenCalledTimes(1)
    // Beta's sync running changes nothing yet; its end does.
    emitAccounts([ACME, { ...BETA, sync: { ...BETA.sync, phase: 'running' } }])
    await flushPromises()
    expect(api.getCustomer).toHaveBeenCalledTimes(1)
    const synced = { phase: 'idle' as const, lastSyncAt: '2025-07-01T10:00:00Z', lastError: null }
    emitAccounts([ACME, { ...BETA, sync: synced }])
    await flushPromises()
    expect(api.getCustomer).toHaveBeenCalledTimes(2)
    expect(api.getCustomer).toHaveBeenLastCalledWith({ phone: PHONE, allAccounts: true })
  })

  it('keeps the choice in the address, which Back and Forward bring back', async () => {
    const { wrapper, api } = await mountCustomer(`/customer/${PHONE}?from=clipboard`, [ACME, BETA])
    await toggleOf(wrapper).setValue(false)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ from: 'clipboard', accounts: 'current' })
    expect(api.getCustomer).toHaveBeenLastCalledWith({ phone: PHONE })
    expect(wrapper.find('[data-testid="customer-conversation-account"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="customer-accounts-searched"]').exists()).toBe(false)

    // Replaced, not pushed: Back goes where the person came from.
    router.back()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('search'))
    router.forward()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('customer'))
    await flushPromises()
    expect((toggleOf(wrapper).element as HTMLInputElement).checked).toBe(false)
    expect(api.getCustomer).toHaveBeenLastCalledWith({ phone: PHONE })

    await toggleOf(wrapper).setValue(true)
    await flushPromises()
    expect(router.currentRoute.value.query.accounts).toBe('all')
    expect(api.getCustomer).toHaveBeenLastCalledWith({ phone: PHONE, allAccounts: true })
    expect(wrapper.findAll('[data-testid="customer-conversation-account"]')).toHaveLength(2)
  })
})
