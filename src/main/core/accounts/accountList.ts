import { randomBytes } from 'node:crypto'
import { statSync } from 'node:fs'
import { sameAccountName } from '../../../shared/model/account'
import { UsageError } from '../errors'
import {
  accountsPath,
  readAccountsFile,
  writeAccountsFile,
  type StoredAccount,
  type StoredAccounts
} from './accountsFile'

/** A name that names no account, or one that is taken: the CLI exits 2 on it. */
export class AccountError extends UsageError {}

export interface AccountList {
  all(): readonly StoredAccount[]
  current(): StoredAccount
  /** By id; an AccountError when there is none (it was removed meanwhile). */
  byId(id: string): StoredAccount
  /** By name, in any case; an AccountError naming the accounts there are when none matches. */
  byName(name: string): StoredAccount
  add(fields: { name: string; baseUrl: string }): StoredAccount
  rename(id: string, name: string): StoredAccount
  setBaseUrl(id: string, baseUrl: string): StoredAccount
  /** The last account cannot be removed: its key can be, in Settings. */
  remove(id: string): void
  choose(id: string): StoredAccount
  /** Writes the list if it only exists in memory yet (the upgrade from the single account). */
  save(): void
}

/** What tells one writing of the file from another; null while there is no file. */
function fileSignature(userDataDir: string): string | null {
  try {
    const { mtimeMs, size, ino } = statSync(accountsPath(userDataDir))
    return `${mtimeMs} ${size} ${ino}`
  } catch {
    return null
  }
}

/** The host of the API, as the name the upgraded single account starts with. */
function nameFromBaseUrl(baseUrl: string): string {
  return new URL(baseUrl).host
}

/**
 * The accounts, kept in accounts.json beside the settings. Without that file (a first start, or
 * the app from before accounts) there is one account: the single setup, with the API the
 * settings named, its key and its archive where they already are.
 */
export function openAccountList(userDataDir: string, singleBaseUrl: string): AccountList {
  const saved = readAccountsFile(userDataDir)
  let seen = fileSignature(userDataDir)
  let unsaved = saved === null
  let current: StoredAccounts = saved ?? {
    current: 'single',
    accounts: [
      {
        id: 'single',
        name: nameFromBaseUrl(singleBaseUrl),
        baseUrl: singleBaseUrl,
        layout: 'single'
      }
    ]
  }

  /**
   * The list as the file has it now: the CLI adds and removes accounts while the app runs, and
   * a change made here must not write over theirs.
   */
  function fresh(): StoredAccounts {
    const signature = fileSignature(userDataDir)
    if (signature !== null && signature !== seen) {
      const reread = readAccountsFile(userDataDir)
      if (reread) {
        current = reread
        unsaved = false
      }
      seen = fileSignature(userDataDir)
    }
    return current
  }

  function commit(next: StoredAccounts): void {
    writeAccountsFile(userDataDir, next)
    seen = fileSignature(userDataDir)
    current = next
    unsaved = false
  }

  function byId(id: string): StoredAccount {
    const account = fresh().accounts.find((candidate) => candidate.id === id)
    if (!account) throw new AccountError('That account no longer exists.')
    return account
  }

  function checkNameFree(name: string, exceptId: string | null): void {
    const taken = fresh().accounts.find(
      (account) => account.id !== exceptId && sameAccountName(account.name, name)
    )
    if (taken) throw new AccountError(`An account named "${taken.name}" already exists.`)
  }

  function replace(id: string, change: Partial<StoredAccount>): StoredAccount {
    const updated = { ...byId(id), ...change }
    const state = fresh()
    commit({
      ...state,
      accounts: state.accounts.map((account) => (account.id === id ? updated : account))
    })
    return updated
  }

  return {
    all: () => fresh().accounts,
    current: () => byId(fresh().current),
    byId,
    byName(name) {
      const { accounts } = fresh()
      const found = accounts.find((account) => sameAccountName(account.name, name))
      if (found) return found
      const names = accounts.map((account) => account.name).join(', ')
      throw new AccountError(`No account is named "${name}". The accounts are: ${names}.`)
    },
    add({ name, baseUrl }) {
      const trimmed = name.trim()
      checkNameFree(trimmed, null)
      const account: StoredAccount = {
        id: randomBytes(6).toString('hex'),
        name: trimmed,
        baseUrl,
        layout: 'own'
      }
      const state = fresh()
      commit({ ...state, accounts: [...state.accounts, account] })
      return account
    },
    rename(id, name) {
      const trimmed = name.trim()
      checkNameFree(trimmed, id)
      return replace(id, { name: trimmed })
    },
    setBaseUrl: (id, baseUrl) => replace(id, { baseUrl }),
    remove(id) {
      byId(id)
      const state = fresh()
      const rest = state.accounts.filter((account) => account.id !== id)
      const [first] = rest
      if (!first) throw new AccountError('The only account cannot be removed.')
      commit({ current: state.current === id ? first.id : state.current, accounts: rest })
    },
    choose(id) {
      const account = byId(id)
      const state = fresh()
      if (state.current !== id) commit({ ...state, current: id })
      return account
    },
    save() {
      if (unsaved) commit(current)
    }
  }
}
