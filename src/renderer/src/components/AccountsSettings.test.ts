import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { AddAccountInput, Api, AppState, IpcResult } from '@shared/ipc/contract'
import { accountSummary, appState, installFakeApi, ok } from '../test/fakeApi'
import { useAppStore } from '../stores/app'
import AccountsSettings from './AccountsSettings.vue'

const ACME = accountSummary({ id: 'acme', name: 'Acme', archivePath: '/data/acme.sqlite3' })
const BETA = accountSummary({
  id: 'beta',
  name: 'Beta Bakery',
  current: false,
  baseUrl: 'http://127.0.0.1:9001/api',
  keyLastFour: 'wxyz',
  archivePath: '/data/beta.sqlite3'
})

function stateOf(accounts: (typeof ACME)[], current = accounts[0]?.id): AppState {
  return appState({
    accounts: accounts.map((account) => ({ ...account, current: account.id === current })),
    defaultBaseUrl: 'https://app.autocalls.ai/api'
  })
}

let pinia: Pinia
enableAutoUnmount(afterEach)
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
})

async function mountAccounts(initial: AppState, overrides: Partial<Api> = {}) {
  const fake = installFakeApi({ getAppState: () => ok(initial), ...overrides })
  await useAppStore().load()
  const wrapper = mount(AccountsSettings, { attachTo: document.body, global: { plugins: [pinia] } })
  return { fake, wrapper }
}

describe('AccountsSettings', () => {
  it('lists every account with its base URL and key, and the shown one marked', async () => {
    const { wrapper } = await mountAccounts(stateOf([ACME, BETA]))
    const rows = wrapper.findAll('[data-testid="settings-account"]')
    expect(rows.map((row) => row.get('[data-testid="settings-account-name"]').text())).toEqual([
      'Acme',
      'Beta Bakery'
    ])
    expect(rows[0]?.text()).toContain('shown')
    expect(rows[1]?.text()).not.toContain('shown')
    expect(rows[1]?.text()).toContain('http://127.0.0.1:9001/api')
    expect(rows[1]?.text()).toContain('key ending in wxyz')
    expect(rows[1]?.get('[data-testid="account-remove"]').attributes('aria-label')).toBe(
      'Remove Beta Bakery…'
    )
  })

  it('offers no Remove for the only account, and says what to do instead', async () => {
    const { wrapper } = await mountAccounts(stateOf([ACME]))
    expect(wrapper.find('[data-testid="account-remove"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('The only account cannot be removed')
  })

  it('renames in place, and shows main’s refusal as its sentence', async () => {
    const renameAccount = vi.fn(
      async ({ name }: { id: string; name: string }): Promise<IpcResult<(typeof ACME)[]>> =>
        name === 'acme'
          ? {
              ok: false,
              error: { code: 'invalid-input', message: 'An account is already named “acme”.' }
            }
          : { ok: true, value: stateOf([{ ...ACME, name }, BETA]).accounts }
    )
    const { wrapper } = await mountAccounts(stateOf([ACME, BETA]), { renameAccount })
    await wrapper.findAll('[data-testid="account-rename"]')[1]!.trigger('click')
    const input = wrapper.get('[data-testid="account-rename-input"]')
    expect(document.activeElement).toBe(input.element)
    await input.setValue('acme')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="account-rename-error"]').text()).toBe(
      'An account is already named “acme”.'
    )
    await input.setValue('Acme Ltd')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(renameAccount).toHaveBeenLastCalledWith({ id: 'beta', name: 'Acme Ltd' })
    expect(wrapper.find('[data-testid="account-rename-input"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="accounts-message"]').text()).toBe(
      'Renamed “Beta Bakery” to “Acme Ltd”.'
    )
  })

  it('adds an account with the default base URL filled in, its key checked by main', async () => {
    const addAccount = vi.fn(async (input: AddAccountInput): Promise<IpcResult<AppState>> =>
      input.apiKey === 'wrong'
        ? { ok: false, error: { code: 'auth', message: 'HTTP 401' } }
        : { ok: true, value: stateOf([ACME, { ...BETA, name: input.name }], 'beta') }
    )
    const { wrapper } = await mountAccounts(stateOf([ACME]), { addAccount })
    await wrapper.get('[data-testid="add-account"]').trigger('click')
    expect(document.activeElement).toBe(wrapper.get('[data-testid="new-account-name"]').element)
    const baseUrl = wrapper.get<HTMLInputElement>('[data-testid="new-account-base-url-input"]')
    expect(baseUrl.element.value).toBe('https://app.autocalls.ai/api')
    expect(wrapper.get('a.help').attributes('href')).toBe(useAppStore().state?.apiKeyHelpUrl)

    await wrapper.get('[data-testid="new-account-api-key-input"]').setValue('key-1')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(addAccount).not.toHaveBeenCalled()
    expect(wrapper.get('[data-testid="add-account-error"]').text()).toBe(
      'Give the account a name first.'
    )

    await wrapper.get('[data-testid="new-account-name"]').setValue('  Beta Bakery ')
    await wrapper.get('[data-testid="new-account-api-key-input"]').setValue('wrong')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="add-account-error"]').text()).toBe(
      'autocalls.ai did not accept this API key. Check it and try again.'
    )

    await baseUrl.setValue('http://127.0.0.1:9001/api')
    await wrapper.get('[data-testid="new-account-api-key-input"]').setValue(' key-1 ')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(addAccount).toHaveBeenLastCalledWith({
      name: 'Beta Bakery',
      apiKey: 'key-1',
      baseUrl: 'http://127.0.0.1:9001/api'
    })
    expect(useAppStore().accountId).toBe('beta')
    expect(wrapper.find('[data-testid="add-account-form"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="accounts-message"]').text()).toBe(
      'Added “Beta Bakery”: it is shown now, and its first sync has started.'
    )
  })

  it('offers the key for this session only when no keychain can hold it', async () => {
    const addAccount = vi.fn(async (input: AddAccountInput): Promise<IpcResult<AppState>> =>
      input.sessionOnly
        ? { ok: true, value: stateOf([ACME, BETA], 'beta') }
        : { ok: false, error: { code: 'keychain-unavailable', message: 'No Secret Service.' } }
    )
    const { wrapper } = await mountAccounts(stateOf([ACME]), { addAccount })
    await wrapper.get('[data-testid="add-account"]').trigger('click')
    expect(wrapper.find('[data-testid="add-account-session-only"]').exists()).toBe(false)
    await wrapper.get('[data-testid="new-account-name"]').setValue('Beta Bakery')
    await wrapper.get('[data-testid="new-account-api-key-input"]').setValue('key-1')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="add-account-error"]').text()).toMatch(/no keychain/)
    await wrapper.get('[data-testid="add-account-session-only"]').trigger('click')
    await flushPromises()
    expect(addAccount).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: 'Beta Bakery', apiKey: 'key-1', sessionOnly: true })
    )
  })

  it('asks before removing, keeps the archive unless ticked, and says where it is', async () => {
    const removeAccount = vi.fn(() => ok(stateOf([ACME])))
    const { wrapper } = await mountAccounts(stateOf([ACME, BETA]), { removeAccount })
    await wrapper.findAll('[data-testid="account-remove"]')[1]!.trigger('click')
    const dialog = wrapper.get('[data-testid="remove-account-dialog"]')
    expect(dialog.attributes('role')).toBe('dialog')
    expect(dialog.get('h2').text()).toBe('Remove “Beta Bakery”?')
    const box = dialog.get<HTMLInputElement>('[data-testid="remove-account-delete-archive"]')
    expect(box.element.checked).toBe(false)
    expect(dialog.get('[data-testid="remove-account-archive"]').text()).toBe(
      'Its archive is kept at /data/beta.sqlite3'
    )
    await box.setValue(true)
    expect(dialog.get('[data-testid="remove-account-archive"]').text()).toBe(
      'Its archive will be deleted: /data/beta.sqlite3'
    )
    await box.setValue(false)
    await dialog.get('[data-testid="remove-account-confirm"]').trigger('click')
    await flushPromises()
    expect(removeAccount).toHaveBeenCalledWith({ id: 'beta', deleteArchive: false })
    expect(wrapper.find('[data-testid="remove-account-dialog"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="accounts-message"]').text()).toBe(
      'Removed “Beta Bakery”. Its archive is kept at /data/beta.sqlite3.'
    )
    expect(wrapper.findAll('[data-testid="settings-account"]')).toHaveLength(1)
  })

  it('deletes the archive only when ticked, and shows a refusal in the dialog', async () => {
    const removeAccount = vi
      .fn<Api['removeAccount']>()
      .mockResolvedValueOnce({
        ok: false,
        error: { code: 'internal', message: 'The archive could not be deleted.' }
      })
      .mockImplementationOnce(() => ok(stateOf([ACME])))
    const { wrapper } = await mountAccounts(stateOf([ACME, BETA]), { removeAccount })
    await wrapper.findAll('[data-testid="account-remove"]')[1]!.trigger('click')
    await wrapper.get('[data-testid="remove-account-delete-archive"]').setValue(true)
    const confirm = wrapper.get('[data-testid="remove-account-confirm"]')
    expect(confirm.text()).toBe('Remove account and archive')
    await confirm.trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="remove-account-error"]').text()).toBe(
      'The archive could not be deleted.'
    )
    await confirm.trigger('click')
    await flushPromises()
    expect(removeAccount).toHaveBeenLastCalledWith({ id: 'beta', deleteArchive: true })
    expect(wrapper.get('[data-testid="accounts-message"]').text()).toBe(
      'Removed “Beta Bakery” and deleted its archive (/data/beta.sqlite3).'
    )
  })
})
