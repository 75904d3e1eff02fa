import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AddAccountInput, AppSettings, AppState, SaveKeyInput } from '@shared/ipc/contract'
import { sameAccountName, type AccountSummary } from '../../../shared/model/account'
import { api, toApiError } from '../api'
import { showAccount } from './accountData'
import { useLoader } from './loader'

export const useAppStore = defineStore('app', () => {
  const state = ref<AppState | null>(null)
  /**
   * The account the window shows. It changes only with a state that names another current
   * account (a switch, an account added or the current one removed), never with the accounts
   * event alone: the stores are then reset for it in the same step.
   */
  const accountId = ref<string | null>(null)
  const settingsOpen = ref(false)
  /** Where the file that was not an archive is kept, after a new archive was started. */
  const keptAside = ref<string | null>(null)
  /** Why an address's `?account=` was not followed, until dismissed or the next switch. */
  const accountNotice = ref<string | null>(null)
  const { loading, showSpinner, error, run } = useLoader()
  let stopAccounts: (() => void) | null = null

  const hasKey = computed(() => state.value?.key.set ?? false)
  /** Every account, in the switcher's order: Ctrl+1 is the first. */
  const accounts = computed<AccountSummary[]>(() => state.value?.accounts ?? [])
  const currentAccount = computed(
    () => accounts.value.find((account) => account.id === accountId.value) ?? null
  )

  function apply(next: AppState): AppState {
    const previous = accountId.value
    const current = next.accounts.find((account) => account.current) ?? next.accounts[0]
    state.value = next
    accountId.value = current?.id ?? null
    if (previous !== null && accountId.value !== previous) showAccount(next)
    return next
  }

  async function load(): Promise<AppState> {
    return apply(await run('load', () => api.getAppState()))
  }

  /** Names, keys and sync states as main reports them whenever they change. */
  function followAccounts(): void {
    stopAccounts?.()
    stopAccounts = api.onAccounts((list) => {
      if (!state.value) return
      state.value.accounts = list
      // The account shown was removed elsewhere (by the CLI): main shows another one now.
      if (!list.some((account) => account.id === accountId.value)) load().catch(() => undefined)
    })
  }

  function stopFollowingAccounts(): void {
    stopAccounts?.()
    stopAccounts = null
  }

  /** Saves the key (the main process checks it against the API first), then reloads the state. */
  async function saveKey(input: SaveKeyInput): Promise<void> {
    await run('saveKey', () => api.saveApiKey(input))
    await load()
  }

  async function removeKey(): Promise<void> {
    await run('removeKey', () => api.removeApiKey())
    settingsOpen.value = false
    await load()
  }

  async function updateSettings(changes: Partial<AppSettings>): Promise<void> {
    apply(await run('updateSettings', () => api.updateSettings(changes)))
  }

  async function revealArchive(): Promise<void> {
    await run('revealArchive', () => api.revealArchive())
  }

  /** After 'not-an-archive': main sets that file aside and the next load opens a new archive. */
  async function startNewArchive(): Promise<void> {
    const { keptAs } = await run('startNewArchive', () => api.startNewArchive())
    keptAside.value = keptAs
  }

  async function switchAccount(id: string): Promise<void> {
    apply(await run(`switchAccount:${id}`, () => api.switchAccount(id)))
    accountNotice.value = null
  }

  /**
   * Follows an address's `?account=NAME` (any case): switches to that account, or says why not
   * and stays on the current one.
   */
  async function selectAccountNamed(name: string): Promise<void> {
    const wanted = accounts.value.find((account) => sameAccountName(account.name, name))
    const current = currentAccount.value?.name ?? ''
    if (!wanted) {
      accountNotice.value = `No account is named “${name.trim()}”, so this shows “${current}”.`
      return
    }
    if (wanted.id === accountId.value) return
    try {
      await switchAccount(wanted.id)
    } catch (failure) {
      accountNotice.value = `“${wanted.name}” could not be opened, so this shows “${current}”: ${toApiError(failure).message}`
    }
  }

  /** Checks the key, adds the account and shows it: it is the current one from then on. */
  async function addAccount(input: AddAccountInput): Promise<void> {
    apply(await run('addAccount', () => api.addAccount(input)))
  }

  async function renameAccount(id: string, name: string): Promise<void> {
    const list = await run(`renameAccount:${id}`, () => api.renameAccount(id, name))
    if (state.value) state.value.accounts = list
  }

  /** Removes the account and its key; its archive is deleted only when asked. */
  async function removeAccount(id: string, deleteArchive: boolean): Promise<void> {
    apply(await run(`removeAccount:${id}`, () => api.removeAccount({ id, deleteArchive })))
  }

  return {
    state,
    accountId,
    settingsOpen,
    keptAside,
    accountNotice,
    loading,
    showSpinner,
    error,
    hasKey,
    accounts,
    currentAccount,
    load,
    followAccounts,
    stopFollowingAccounts,
    saveKey,
    removeKey,
    updateSettings,
    revealArchive,
    startNewArchive,
    switchAccount,
    selectAccountNamed,
    addAccount,
    renameAccount,
    removeAccount
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAppStore, import.meta.hot))
