import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { IpcResult, KeyStatus, SaveKeyInput } from '@shared/ipc/contract'
import { accountSummary, appState, installFakeApi, ok } from '../test/fakeApi'
import { useAppStore } from '../stores/app'
import WelcomeScreen from './WelcomeScreen.vue'

const saved: KeyStatus = { set: true, lastFour: 'abcd', storage: 'session' }

function mountWelcome(saveApiKey: (input: SaveKeyInput) => Promise<IpcResult<KeyStatus>>) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const { api } = installFakeApi({ saveApiKey: vi.fn(saveApiKey) })
  const wrapper = mount(WelcomeScreen, { global: { plugins: [pinia] } })
  return { wrapper, api }
}

describe('WelcomeScreen', () => {
  beforeEach(() => vi.restoreAllMocks())

  it('says plainly when the key is wrong', async () => {
    const { wrapper } = mountWelcome(() =>
      Promise.resolve({ ok: false, error: { code: 'auth', message: 'HTTP 401' } })
    )
    await wrapper.find('[data-testid="api-key-input"]').setValue('wrong')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-testid="welcome-error"]').text()).toMatch(
      /did not accept this API key/
    )
    expect(wrapper.find('[data-testid="session-only-button"]').exists()).toBe(false)
  })

  it('offers a session-only key when there is no keychain', async () => {
    const { wrapper, api } = mountWelcome((input) =>
      Promise.resolve(
        input.sessionOnly
          ? { ok: true, value: saved }
          : { ok: false, error: { code: 'keychain-unavailable', message: 'No keychain.' } }
      )
    )
    await wrapper.find('[data-testid="api-key-input"]').setValue('good-key')
    await wrapper.find('[data-testid="base-url-input"]').setValue('http://127.0.0.1:9000/api')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-testid="welcome-error"]').text()).toMatch(/no keychain/i)
    await wrapper.find('[data-testid="session-only-button"]').trigger('click')
    await flushPromises()
    expect(api.saveApiKey).toHaveBeenLastCalledWith({
      apiKey: 'good-key',
      baseUrl: 'http://127.0.0.1:9000/api',
      sessionOnly: true
    })
    expect(api.getAppState).toHaveBeenCalled()
    expect(useAppStore().hasKey).toBe(true)
  })

  it('offers the session-only key at once when the app already knows there is no keychain', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const { api } = installFakeApi({
      getAppState: vi.fn(() =>
        ok(
          appState({ keychainAvailable: false, key: { set: false, lastFour: null, storage: null } })
        )
      )
    })
    await useAppStore().load()
    const wrapper = mount(WelcomeScreen, { global: { plugins: [pinia] } })
    await wrapper.find('[data-testid="api-key-input"]').setValue('good-key')
    await wrapper.find('[data-testid="session-only-button"]').trigger('click')
    await flushPromises()
    expect(api.saveApiKey).toHaveBeenCalledTimes(1)
    expect(api.saveApiKey).toHaveBeenLastCalledWith({ apiKey: 'good-key', sessionOnly: true })
  })

  it('hides the key until asked to show it', async () => {
    const { wrapper } = mountWelcome(() => Promise.resolve({ ok: true, value: saved }))
    const input = wrapper.find('[data-testid="api-key-input"]')
    expect(input.attributes('type')).toBe('password')
    await wrapper.find('button[aria-pressed]').trigger('click')
    expect(input.attributes('type')).toBe('text')
  })

  it('offers the other accounts when the shown one has no key', async () => {
    const accounts = [
      accountSummary({ id: 'a', name: 'Acme', current: true, keySet: false }),
      accountSummary({ id: 'b', name: 'Globex', current: false })
    ]
    const { wrapper, api } = mountWelcome(() => ok(saved))
    const app = useAppStore()
    vi.mocked(api.getAppState).mockImplementation(() =>
      ok(appState({ accounts, key: { set: false, lastFour: null, storage: null } }))
    )
    await app.load()
    await flushPromises()
    expect(wrapper.find('[data-testid="welcome-account"]').text()).toBe(
      'The account Acme has no API key yet.'
    )
    const others = wrapper.find('[data-testid="welcome-other-accounts"]')
    expect(others.findAll('button').map((button) => button.text())).toEqual(['Globex'])
    await others.find('button').trigger('click')
    await flushPromises()
    expect(api.switchAccount).toHaveBeenCalledWith({ id: 'b' })
  })

  it('shows no other accounts when there is one', async () => {
    const { wrapper } = mountWelcome(() => ok(saved))
    await useAppStore().load()
    await flushPromises()
    expect(wrapper.find('[data-testid="welcome-other-accounts"]').exists()).toBe(false)
  })
})
