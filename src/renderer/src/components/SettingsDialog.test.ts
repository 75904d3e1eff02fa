import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { AppState, IpcResult, KeyStatus, SaveKeyInput } from '@shared/ipc/contract'
import { accountSummary, appState, installFakeApi, ok } from '../test/fakeApi'
import { useAppStore } from '../stores/app'
import SettingsDialog from './SettingsDialog.vue'

const KEYCHAIN_UNAVAILABLE: IpcResult<KeyStatus> = {
  ok: false,
  error: { code: 'keychain-unavailable', message: 'No Secret Service.' }
}

/** A main process without a keychain: only a session-only save succeeds. */
function keychainlessMain(initial: Partial<AppState> = {}) {
  let state = appState(initial)
  const saveApiKey = vi.fn((input: SaveKeyInput): Promise<IpcResult<KeyStatus>> => {
    if (!input.sessionOnly) return Promise.resolve(KEYCHAIN_UNAVAILABLE)
    const key: KeyStatus = { set: true, lastFour: input.apiKey.slice(-4), storage: 'session' }
    state = { ...state, key, keychainAvailable: false }
    return ok(key)
  })
  return { saveApiKey, getAppState: vi.fn(() => ok(state)) }
}

async function mountSettings(main: ReturnType<typeof keychainlessMain>) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const { api } = installFakeApi(main)
  await useAppStore().load()
  const wrapper = mount(SettingsDialog, { global: { plugins: [pinia] } })
  return { wrapper, api }
}

describe('SettingsDialog', () => {
  it('says plainly when no keychain can hold a new key, and offers it for this session only', async () => {
    const main = keychainlessMain()
    const { wrapper } = await mountSettings(main)
    expect(wrapper.find('[data-testid="session-only-button"]').exists()).toBe(false)

    await wrapper.find('[data-testid="api-key-input"]').setValue('new-key-9876')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(main.saveApiKey).toHaveBeenLastCalledWith({ apiKey: 'new-key-9876' })
    expect(wrapper.find('[data-testid="settings-key-error"]').text()).toMatch(/no keychain/i)

    await wrapper.find('[data-testid="session-only-button"]').trigger('click')
    await flushPromises()
    expect(main.saveApiKey).toHaveBeenLastCalledWith({ apiKey: 'new-key-9876', sessionOnly: true })
    expect(wrapper.find('[data-testid="settings-key-error"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="settings-message"]').text()).toMatch(/this session only/)
    expect(wrapper.text()).toContain('Key ending in 9876')
    expect(useAppStore().state?.key.storage).toBe('session')
  })

  it('offers the session-only choice at once when the app already knows there is no keychain', async () => {
    const main = keychainlessMain({ keychainAvailable: false })
    const { wrapper } = await mountSettings(main)
    await wrapper.find('[data-testid="api-key-input"]').setValue('other-key-1234')
    await wrapper.find('[data-testid="session-only-button"]').trigger('click')
    await flushPromises()
    expect(main.saveApiKey).toHaveBeenCalledTimes(1)
    expect(main.saveApiKey).toHaveBeenLastCalledWith({
      apiKey: 'other-key-1234',
      sessionOnly: true
    })
  })

  it('sends a changed base URL with the key, and leaves an unchanged one out', async () => {
    const main = keychainlessMain({ keychainAvailable: false })
    const { wrapper } = await mountSettings(main)
    await wrapper.find('[data-testid="api-key-input"]').setValue('key-one')
    await wrapper.find('[data-testid="session-only-button"]').trigger('click')
    await flushPromises()
    expect(main.saveApiKey).toHaveBeenLastCalledWith({ apiKey: 'key-one', sessionOnly: true })
    await wrapper.find('[data-testid="api-key-input"]').setValue('key-two')
    await wrapper.find('[data-testid="base-url-input"]').setValue('http://127.0.0.1:9000/api')
    await wrapper.find('[data-testid="session-only-button"]').trigger('click')
    await flushPromises()
    expect(main.saveApiKey).toHaveBeenLastCalledWith({
      apiKey: 'key-two',
      baseUrl: 'http://127.0.0.1:9000/api',
      sessionOnly: true
    })
  })

  it('says plainly when the new key is refused, without offering a session-only key', async () => {
    const { wrapper } = await mountSettings({
      saveApiKey: vi.fn(() =>
        Promise.resolve<IpcResult<KeyStatus>>({
          ok: false,
          error: { code: 'auth', message: 'HTTP 401' }
        })
      ),
      getAppState: vi.fn(() => ok(appState()))
    })
    await wrapper.find('[data-testid="api-key-input"]').setValue('wrong')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-testid="settings-key-error"]').text()).toMatch(
      /did not accept this API key/
    )
    expect(wrapper.find('[data-testid="session-only-button"]').exists()).toBe(false)
  })
})

describe('SettingsDialog, transcripts', () => {
  async function mountWith(settings: Partial<AppState['settings']>) {
    const initial = appState()
    let state = appState({ settings: { ...initial.settings, ...settings } })
    const updateSettings = vi.fn((changes: Partial<AppState['settings']>) => {
      state = { ...state, settings: { ...state.settings, ...changes } }
      return ok(state)
    })
    const pinia = createPinia()
    setActivePinia(pinia)
    installFakeApi({ getAppState: vi.fn(() => ok(state)), updateSettings })
    await useAppStore().load()
    const wrapper = mount(SettingsDialog, { global: { plugins: [pinia] } })
    return { wrapper, updateSettings }
  }

  it('turns the background fetch off and on with a switch', async () => {
    const { wrapper, updateSettings } = await mountWith({ transcriptBackfill: true })
    const toggle = wrapper.find('[data-testid="settings-backfill"]')
    expect(toggle.attributes('role')).toBe('switch')
    expect((toggle.element as HTMLInputElement).checked).toBe(true)
    await toggle.setValue(false)
    await flushPromises()
    expect(updateSettings).toHaveBeenLastCalledWith({
      transcriptBackfill: false,
      transcriptBackfillDays: null
    })
    expect(
      wrapper.find('[data-testid="settings-backfill-days"]').attributes('disabled')
    ).toBeDefined()
  })

  it('limits it to the last N days, blank for all, and refuses anything else', async () => {
    const { wrapper, updateSettings } = await mountWith({ transcriptBackfillDays: 90 })
    const days = wrapper.find('[data-testid="settings-backfill-days"]')
    expect((days.element as HTMLInputElement).value).toBe('90')
    await days.setValue('30')
    await flushPromises()
    expect(updateSettings).toHaveBeenLastCalledWith({
      transcriptBackfill: true,
      transcriptBackfillDays: 30
    })
    await days.setValue('')
    await flushPromises()
    expect(updateSettings).toHaveBeenLastCalledWith({
      transcriptBackfill: true,
      transcriptBackfillDays: null
    })
    await days.setValue('two weeks')
    await flushPromises()
    expect(updateSettings).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[data-testid="settings-backfill-error"]').text()).toMatch(/whole number/)
  })
})

describe('SettingsDialog as a modal', () => {
  it('closes with Esc, keeps Tab inside, and keeps plain keys from the list behind it', async () => {
    const opener = document.createElement('button')
    document.body.append(opener)
    opener.focus()
    const pinia = createPinia()
    setActivePinia(pinia)
    installFakeApi()
    await useAppStore().load()
    const wrapper = mount(SettingsDialog, { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    const dialog = wrapper.get('[role="dialog"]')
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(document.activeElement).toBe(dialog.element)

    const reachedWindow = vi.fn()
    window.addEventListener('keydown', reachedWindow)
    try {
      await dialog.trigger('keydown', { key: 'ArrowDown' })
      expect(reachedWindow).not.toHaveBeenCalled()
      // Back (Alt+Left) still reaches the window, where it closes the dialog.
      await dialog.trigger('keydown', { key: 'ArrowLeft', altKey: true })
      expect(reachedWindow).toHaveBeenCalledTimes(1)

      // Shift+Tab from the dialog goes round to its last control, not out of it.
      await dialog.trigger('keydown', { key: 'Tab', shiftKey: true })
      expect(dialog.element.contains(document.activeElement)).toBe(true)
      expect(document.activeElement).not.toBe(dialog.element)

      await dialog.trigger('keydown', { key: 'Escape' })
      expect(wrapper.emitted('close')).toHaveLength(1)
      expect(reachedWindow).toHaveBeenCalledTimes(1)
    } finally {
      window.removeEventListener('keydown', reachedWindow)
    }
    wrapper.unmount()
    // Focus is back on what opened it.
    expect(document.activeElement).toBe(opener)
    opener.remove()
  })

  it('is about the account shown: its name on the key and archive, its base URL after a switch', async () => {
    const acme = accountSummary({ id: 'acme', name: 'Acme' })
    const beta = accountSummary({ id: 'beta', name: 'Beta', current: false })
    const pinia = createPinia()
    setActivePinia(pinia)
    const betaState = appState({
      accounts: [
        { ...acme, current: false },
        { ...beta, current: true }
      ],
      settings: { ...appState().settings, baseUrl: 'http://127.0.0.1:9001/api' }
    })
    installFakeApi({
      getAppState: () => ok(appState({ accounts: [acme, beta] })),
      switchAccount: vi.fn(() => ok(betaState))
    })
    const app = useAppStore()
    await app.load()
    const wrapper = mount(SettingsDialog, { global: { plugins: [pinia] } })
    const baseUrl = wrapper.get<HTMLInputElement>('[data-testid="base-url-input"]')
    expect(baseUrl.element.value).toBe('https://app.autocalls.ai/api')
    expect(wrapper.text()).toContain('API key of “Acme”')
    await wrapper.get('[data-testid="api-key-input"]').setValue('half-typed')
    await app.switchAccount('beta')
    await flushPromises()
    expect(baseUrl.element.value).toBe('http://127.0.0.1:9001/api')
    expect(wrapper.get<HTMLInputElement>('[data-testid="api-key-input"]').element.value).toBe('')
    expect(wrapper.text()).toContain('API key of “Beta”')
    expect(wrapper.text()).toContain('Archive of “Beta”')
    wrapper.unmount()
  })
})
