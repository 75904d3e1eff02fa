import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { AppSettings, AppState, IpcResult } from '@shared/ipc/contract'
import { appState, installFakeApi, ok } from '../test/fakeApi'
import { useAppStore } from '../stores/app'
import QuickLookupSettings from './QuickLookupSettings.vue'

/** A main process that keeps what it is told and refuses the shortcuts in `taken`. */
function fakeMain(initial: Partial<AppState>, taken: string[] = []) {
  let state = appState(initial)
  const updateSettings = vi.fn((changes: Partial<AppSettings>): Promise<IpcResult<AppState>> => {
    const settings = { ...state.settings, ...changes }
    const accelerator = settings.quickLookupShortcut
    state = {
      ...state,
      settings,
      quickLookup: {
        accelerator,
        registered: accelerator === null ? null : !taken.includes(accelerator)
      }
    }
    return ok(state)
  })
  return { updateSettings, getAppState: vi.fn(() => ok(state)) }
}

async function mountSettings(main: ReturnType<typeof fakeMain>) {
  const pinia = createPinia()
  setActivePinia(pinia)
  installFakeApi(main)
  await useAppStore().load()
  return mount(QuickLookupSettings, { global: { plugins: [pinia] }, attachTo: document.body })
}

describe('QuickLookupSettings', () => {
  it('records a new shortcut from the keys pressed, and says when another program has it', async () => {
    const main = fakeMain({}, ['Alt+Shift+L'])
    const wrapper = await mountSettings(main)
    const field = wrapper.find('[data-testid="settings-shortcut"]')
    expect((field.element as HTMLInputElement).value).toBe('Ctrl+Shift+Space')
    expect(wrapper.find('[data-testid="settings-shortcut-taken"]').exists()).toBe(false)

    await field.trigger('focus')
    expect((field.element as HTMLInputElement).value).toBe('Press the keys…')
    // Modifiers alone wait for a key.
    await field.trigger('keydown', { key: 'Shift', code: 'ShiftLeft', shiftKey: true })
    expect(main.updateSettings).not.toHaveBeenCalled()
    await field.trigger('keydown', { key: 'L', code: 'KeyL', altKey: true, shiftKey: true })
    await flushPromises()
    expect(main.updateSettings).toHaveBeenLastCalledWith({ quickLookupShortcut: 'Alt+Shift+L' })
    expect(wrapper.find('[data-testid="settings-shortcut-taken"]').text()).toBe(
      'Alt+Shift+L is taken by another program, so it does nothing here: choose another.'
    )
    await wrapper.find('[data-testid="settings-shortcut-default"]').trigger('click')
    await flushPromises()
    expect(main.updateSettings).toHaveBeenLastCalledWith({
      quickLookupShortcut: 'CommandOrControl+Shift+Space'
    })
    expect(wrapper.find('[data-testid="settings-shortcut-taken"]').exists()).toBe(false)
  })

  it('refuses a shortcut without Ctrl, Alt or Super before asking main', async () => {
    const main = fakeMain({})
    const wrapper = await mountSettings(main)
    const field = wrapper.find('[data-testid="settings-shortcut"]')
    await field.trigger('focus')
    await field.trigger('keydown', { key: 'A', code: 'KeyA', shiftKey: true })
    expect(main.updateSettings).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="settings-shortcut-problem"]').text()).toMatch(
      /^Shift\+A needs Ctrl, Alt, Cmd or Super/
    )
  })

  it('removes the shortcut, and shows it as none', async () => {
    const main = fakeMain({})
    const wrapper = await mountSettings(main)
    await wrapper.find('[data-testid="settings-shortcut-remove"]').trigger('click')
    await flushPromises()
    expect(main.updateSettings).toHaveBeenLastCalledWith({ quickLookupShortcut: null })
    expect(
      (wrapper.find('[data-testid="settings-shortcut"]').element as HTMLInputElement).value
    ).toBe('None')
    expect(
      wrapper.find('[data-testid="settings-shortcut-remove"]').attributes('disabled')
    ).toBeDefined()
  })

  it('sets the country of numbers without one, and the tray', async () => {
    const main = fakeMain({})
    const wrapper = await mountSettings(main)
    const country = wrapper.find('[data-testid="settings-country"]')
    expect(country.findAll('option').length).toBeGreaterThan(200)
    await country.setValue('GB')
    await flushPromises()
    expect(main.updateSettings).toHaveBeenLastCalledWith({ defaultCountry: 'GB' })
    await country.setValue('')
    expect(main.updateSettings).toHaveBeenLastCalledWith({ defaultCountry: null })
    await wrapper.find('[data-testid="settings-tray"]').setValue(true)
    await flushPromises()
    expect(main.updateSettings).toHaveBeenLastCalledWith({ keepInTray: true })
    expect(
      (wrapper.find('[data-testid="settings-tray"]').element as HTMLInputElement).checked
    ).toBe(true)
  })
})
