import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Router } from 'vue-router'
import type { Api, AppState, IpcResult } from '@shared/ipc/contract'
import { accountSummary, appState, conversation, installFakeApi, ok } from './test/fakeApi'
import { fakeLayout } from './test/layout'
import { testRouter } from './test/router'
import App from './App.vue'

enableAutoUnmount(afterEach)

const ROWS = Array.from({ length: 5 }, (_, index) => conversation(`c${index}`))
let router: Router

async function mountApp(path = '/search', overrides: Partial<Api> = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const fake = installFakeApi({
    search: vi.fn(() => ok({ conversations: ROWS, nextCursor: null })),
    ...overrides
  })
  router = await testRouter(path)
  const wrapper = mount(App, { attachTo: document.body, global: { plugins: [pinia, router] } })
  await settle()
  return { wrapper, ...fake }
}

async function settle(): Promise<void> {
  await flushPromises()
  await flushPromises()
}

beforeEach(() => fakeLayout())
afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

describe('a conversation-browser:// link from the main process', () => {
  it('shows the address it names, with Back to where the window was', async () => {
    const { wrapper, emitNavigate } = await mountApp('/search?q=Acme')
    emitNavigate({ address: '/customer/%2B14155559876' })
    await settle()
    expect(router.currentRoute.value.name).toBe('customer')
    expect(wrapper.find('[data-testid="customer-phone"]').text()).toBe('+1 415 555 9876')
    expect(wrapper.find('[data-testid="customer-source"]').exists()).toBe(false)
    router.back()
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/search?q=Acme')
  })
})

describe('the quick lookup', () => {
  it('opens the customer of the number on the clipboard, and says where it came from', async () => {
    const { wrapper, emitQuickLookup } = await mountApp()
    emitQuickLookup({ clipboardPhone: { e164: '+14155559876', display: '+1 415 555 9876' } })
    await settle()
    expect(router.currentRoute.value.name).toBe('customer')
    expect(router.currentRoute.value.params.phone).toBe('+14155559876')
    expect(wrapper.find('[data-testid="customer-source"]').text()).toBe(
      'From clipboard: +1 415 555 9876'
    )
    expect(wrapper.find('[data-testid="customer-name"]').text()).toBe('John Doe')
  })

  it('looks the number up in every account when there are several', async () => {
    const accounts = [
      accountSummary({ id: 'acme', name: 'Acme Dental' }),
      accountSummary({ id: 'beta', name: 'Beta Plumbing', current: false })
    ]
    const { api, emitQuickLookup } = await mountApp('/search', {
      getAppState: vi.fn(() => ok(appState({ accounts })))
    })
    emitQuickLookup({ clipboardPhone: { e164: '+14155559876', display: '+1 415 555 9876' } })
    await settle()
    expect(router.currentRoute.value.query).toEqual({ from: 'clipboard', accounts: 'all' })
    expect(api.getCustomer).toHaveBeenCalledWith({ phone: '+14155559876', allAccounts: true })
  })

  it('with one account, looks in its archive alone', async () => {
    const { api, emitQuickLookup } = await mountApp()
    emitQuickLookup({ clipboardPhone: { e164: '+14155559876', display: '+1 415 555 9876' } })
    await settle()
    expect(router.currentRoute.value.query).toEqual({ from: 'clipboard' })
    expect(api.getCustomer).toHaveBeenCalledWith({ phone: '+14155559876' })
  })

  it('without a number, goes to the search as it was, its field focused and selected', async () => {
    const { wrapper, emitQuickLookup } = await mountApp('/search?q=Acme&type=api')
    await router.push('/customer/4155559876')
    await settle()
    emitQuickLookup({ clipboardPhone: null })
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/search?q=Acme&type=api')
    const field = wrapper.find('[data-testid="search-input"]').element as HTMLInputElement
    expect(document.activeElement).toBe(field)
    expect(field.value).toBe('Acme')
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, 4])
  })

  it('in a window the shortcut just opened, focuses the field once the app has loaded', async () => {
    let loaded: (state: IpcResult<AppState>) => void = () => undefined
    const { wrapper, emitQuickLookup } = await mountApp('/search', {
      getAppState: vi.fn(() => new Promise<IpcResult<AppState>>((resolve) => (loaded = resolve)))
    })
    expect(wrapper.find('[data-testid="search-input"]').exists()).toBe(false)
    emitQuickLookup({ clipboardPhone: null })
    await settle()
    loaded({ ok: true, value: appState() })
    await vi.waitFor(() => {
      const field = wrapper.find('[data-testid="search-input"]')
      expect(field.exists() && document.activeElement === field.element).toBe(true)
    })
  })
})
