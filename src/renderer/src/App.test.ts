import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { AppState, IpcResult } from '@shared/ipc/contract'
import { appState, installFakeApi } from './test/fakeApi'
import App from './App.vue'
import WelcomeScreen from './components/WelcomeScreen.vue'

function mountApp(getAppState: () => Promise<IpcResult<AppState>>) {
  const pinia = createPinia()
  setActivePinia(pinia)
  installFakeApi({ getAppState: vi.fn(getAppState) })
  return mount(App, { global: { plugins: [pinia] } })
}

describe('App', () => {
  afterEach(() => vi.useRealTimers())

  it('says the archive is opening while the first state is slow to come', async () => {
    vi.useFakeTimers()
    let answer: (result: IpcResult<AppState>) => void = () => undefined
    const wrapper = mountApp(() => new Promise((resolve) => (answer = resolve)))
    await vi.advanceTimersByTimeAsync(50)
    expect(wrapper.find('[data-testid="opening"]').exists()).toBe(false)
    await vi.advanceTimersByTimeAsync(100)
    expect(wrapper.find('[data-testid="opening"]').text()).toBe('Opening the archive…')

    answer({ ok: true, value: appState({ key: { set: false, lastFour: null, storage: null } }) })
    await flushPromises()
    expect(wrapper.find('[data-testid="opening"]').exists()).toBe(false)
    expect(wrapper.findComponent(WelcomeScreen).exists()).toBe(true)
  })
})
