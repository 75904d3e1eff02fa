import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { defineComponent, h } from 'vue'
import type { AppState } from '@shared/ipc/contract'
import { accountSummary, appState, installFakeApi, ok } from '../test/fakeApi'
import { testRouter } from '../test/router'
import { guardAccountParam } from '../accountRoute'
import { useAppStore } from '../stores/app'
import { useShortcuts, type ShortcutHandlers } from '../composables/useShortcuts'
import AccountSwitcher from './AccountSwitcher.vue'

const ACME = accountSummary({
  id: 'acme',
  name: 'Acme',
  sync: {
    phase: 'idle',
    lastSyncAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    lastError: null
  }
})
const BETA = accountSummary({
  id: 'beta',
  name: 'Beta Bakery',
  current: false,
  sync: { phase: 'running', lastSyncAt: null, lastError: null }
})
const GAMMA = accountSummary({
  id: 'gamma',
  name: 'Gamma',
  current: false,
  sync: { phase: 'idle', lastSyncAt: null, lastError: 'autocalls.ai refused the API key.' }
})

function stateIn(id: string): AppState {
  return appState({
    accounts: [ACME, BETA, GAMMA].map((account) => ({ ...account, current: account.id === id }))
  })
}

let pinia: Pinia
enableAutoUnmount(afterEach)
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
})

async function mountSwitcher() {
  const fake = installFakeApi({
    getAppState: () => ok(stateIn('acme')),
    switchAccount: vi.fn(({ id }) => ok(stateIn(id)))
  })
  await useAppStore().load()
  const router = await testRouter('/search?q=refund')
  guardAccountParam(router, () => useAppStore())
  const wrapper = mount(AccountSwitcher, {
    attachTo: document.body,
    global: { plugins: [pinia, router] }
  })
  return { fake, router, wrapper }
}

describe('AccountSwitcher', () => {
  it('names the current account on a menu button, and lists every account with its sync state', async () => {
    const { wrapper } = await mountSwitcher()
    const button = wrapper.get('[data-testid="account-switcher"]')
    expect(button.element.tagName).toBe('BUTTON')
    expect(button.text()).toContain('Acme')
    expect(button.attributes('aria-haspopup')).toBe('menu')
    expect(button.attributes('aria-expanded')).toBe('false')

    await button.trigger('click')
    expect(button.attributes('aria-expanded')).toBe('true')
    const options = wrapper.findAll('[role="menuitemradio"]')
    expect(options.map((option) => option.attributes('aria-checked'))).toEqual([
      'true',
      'false',
      'false'
    ])
    expect(options[0]?.text()).toContain('Synced 5 minutes ago')
    expect(options[0]?.text()).toContain('Ctrl+1')
    expect(options[1]?.text()).toContain('Syncing…')
    expect(options[2]?.text()).toContain('Last sync failed: autocalls.ai refused the API key.')
    expect(document.activeElement).toBe(options[0]?.element)
  })

  it('walks with the arrows, switches on Enter and goes to that account’s list', async () => {
    const { fake, router, wrapper } = await mountSwitcher()
    const button = wrapper.get('[data-testid="account-switcher"]')
    await button.trigger('keydown', { key: 'ArrowDown' })
    await flushPromises()
    const menu = wrapper.get('[role="menu"]')
    const options = wrapper.findAll('[role^="menuitem"]')
    expect(document.activeElement).toBe(options[0]?.element)
    await menu.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(options[1]?.element)
    await menu.trigger('keydown', { key: 'End' })
    expect(document.activeElement).toBe(options[3]?.element)
    await menu.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(options[0]?.element)
    await menu.trigger('keydown', { key: 'ArrowUp' })
    await menu.trigger('keydown', { key: 'ArrowUp' })
    expect(document.activeElement).toBe(options[2]?.element)
    // A menu item is a button: Enter clicks it.
    await options[2]!.trigger('click')
    await flushPromises()
    expect(fake.api.switchAccount).toHaveBeenCalledWith({ id: 'gamma' })
    expect(router.currentRoute.value.fullPath).toBe('/search')
    expect(wrapper.get('[data-testid="account-name"]').text()).toBe('Gamma')
    expect(button.attributes('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(button.element)
  })

  it('closes on Esc without the window hearing it, and focus returns to the button', async () => {
    const { fake, wrapper } = await mountSwitcher()
    const button = wrapper.get('[data-testid="account-switcher"]')
    await button.trigger('click')
    const reachedWindow = vi.fn()
    window.addEventListener('keydown', reachedWindow)
    try {
      await wrapper.get('[role="menu"]').trigger('keydown', { key: 'Escape' })
    } finally {
      window.removeEventListener('keydown', reachedWindow)
    }
    expect(reachedWindow).not.toHaveBeenCalled()
    expect(button.attributes('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(button.element)
    expect(fake.api.switchAccount).not.toHaveBeenCalled()
  })

  it('opens Settings from its last item', async () => {
    const { wrapper } = await mountSwitcher()
    await wrapper.get('[data-testid="account-switcher"]').trigger('click')
    await wrapper.get('[data-testid="account-manage"]').trigger('click')
    expect(useAppStore().settingsOpen).toBe(true)
  })
})

describe('Ctrl+1 … Ctrl+9', () => {
  function mountShortcuts(switchAccount: ShortcutHandlers['switchAccount']) {
    const noop = () => undefined
    const Host = defineComponent({
      setup() {
        useShortcuts({
          move: noop,
          openSelected: noop,
          openCustomer: noop,
          escape: noop,
          sync: noop,
          back: noop,
          forward: noop,
          switchAccount
        })
        return () => h('div')
      }
    })
    return mount(Host, { attachTo: document.body })
  }

  it('names the account by its place, by the digit key’s position too (AZERTY)', () => {
    const switchAccount = vi.fn()
    mountShortcuts(switchAccount)
    const press = (init: KeyboardEventInit) =>
      window.dispatchEvent(
        new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })
      )
    press({ key: '2', code: 'Digit2', ctrlKey: true })
    press({ key: '9', code: 'Digit9', metaKey: true })
    press({ key: '&', code: 'Digit1', ctrlKey: true })
    press({ key: '2', code: 'Digit2' })
    press({ key: '0', code: 'Digit0', ctrlKey: true })
    press({ key: '3', code: 'Digit3', ctrlKey: true, shiftKey: true })
    expect(switchAccount.mock.calls).toEqual([[1], [8], [0]])
  })
})
