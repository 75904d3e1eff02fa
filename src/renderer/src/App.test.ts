import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { AppState, IpcResult } from '@shared/ipc/contract'
import { appState, installFakeApi } from './test/fakeApi'
import App from './App.vue'
import WelcomeScreen from './components/WelcomeScreen.vue'

function mountApp(
  getAppState: () => Promise<IpcResult<AppState>>,
  overrides: Parameters<typeof installFakeApi>[0] = {}
) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const api = installFakeApi({ getAppState: vi.fn(getAppState), ...overrides })
  return { wrapper: mount(App, { global: { plugins: [pinia] } }), api }
}

describe('App', () => {
  afterEach(() => vi.useRealTimers())

  it('says the archive is opening while the first state is slow to come', async () => {
    vi.useFakeTimers()
    let answer: (result: IpcResult<AppState>) => void = () => undefined
    const { wrapper } = mountApp(() => new Promise((resolve) => (answer = resolve)))
    await vi.advanceTimersByTimeAsync(50)
    expect(wrapper.find('[data-testid="opening"]').exists()).toBe(false)
    await vi.advanceTimersByTimeAsync(100)
    expect(wrapper.find('[data-testid="opening"]').text()).toBe('Opening the archive…')
    expect(wrapper.find('[data-testid="opening-note"]').text()).toContain('upgrades it')

    answer({ ok: true, value: appState({ key: { set: false, lastFour: null, storage: null } }) })
    await flushPromises()
    expect(wrapper.find('[data-testid="opening"]').exists()).toBe(false)
    expect(wrapper.findComponent(WelcomeScreen).exists()).toBe(true)
  })

  it('offers a new archive when the file is not one, and says where the old file is kept', async () => {
    const refusal = {
      code: 'not-an-archive' as const,
      message:
        'The file /data/a.sqlite3 is not a Conversation Browser archive: it is not a SQLite ' +
        'database. It was left as it is. Start a new archive to go on: this file is then kept ' +
        'beside it under another name.'
    }
    let opened = false
    const startNewArchive = vi.fn(async () => {
      opened = true
      return {
        ok: true as const,
        value: { keptAs: '/data/a.sqlite3.not-an-archive-20261203T120000Z' }
      }
    })
    const { wrapper } = mountApp(
      async () =>
        opened
          ? { ok: true, value: appState({ key: { set: false, lastFour: null, storage: null } }) }
          : { ok: false, error: refusal },
      { startNewArchive }
    )
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toContain(refusal.message)
    const button = wrapper.get('button[data-testid="start-new-archive"]')
    expect(button.text()).toBe('Start a new archive')

    await button.trigger('click')
    await flushPromises()
    expect(startNewArchive).toHaveBeenCalledTimes(1)
    expect(wrapper.findComponent(WelcomeScreen).exists()).toBe(true)
    expect(wrapper.get('[data-testid="kept-aside"]').text()).toBe(
      'The old file is kept as /data/a.sqlite3.not-an-archive-20261203T120000Z.'
    )
  })

  it('offers nothing of the kind for other failures', async () => {
    const { wrapper } = mountApp(async () => ({
      ok: false,
      error: { code: 'archive', message: 'The archive cannot be opened.' }
    }))
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toBe('The archive cannot be opened.')
    expect(wrapper.find('[data-testid="start-new-archive"]').exists()).toBe(false)
  })
})
