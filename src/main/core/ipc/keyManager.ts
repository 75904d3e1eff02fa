import type { KeyStatus } from '../../../shared/ipc/contract'
import { SecretStoreUnavailableError } from '../errors'
import type { SecretStore } from '../secrets/secretStore'

export interface KeyManager {
  /** The key for this base URL: a session key first, else the keychain's; null when none. */
  read(baseUrl: string): Promise<string | null>
  status(baseUrl: string): Promise<KeyStatus>
  /** Throws SecretStoreUnavailableError when the keychain cannot be used. */
  saveInKeychain(baseUrl: string, key: string): Promise<void>
  saveForSession(baseUrl: string, key: string): void
  remove(baseUrl: string): Promise<void>
  readonly keychainAvailable: boolean
}

/**
 * The only holder of API keys in the process. Keys go to the keychain, or to memory when the
 * person chose a session-only key; nothing here ever returns more of a key than its last four.
 */
export function createKeyManager(
  secretStore: SecretStore,
  /** The keychain entry of the key for a base URL (see accounts/accountPlaces.keyEntryOf). */
  entryFor: (baseUrl: string) => string
): KeyManager {
  const sessionKeys = new Map<string, string>()
  let keychainAvailable = true

  async function fromKeychain(account: string): Promise<string | null> {
    try {
      const key = await secretStore.get(account)
      keychainAvailable = true
      return key
    } catch (error) {
      if (!(error instanceof SecretStoreUnavailableError)) throw error
      keychainAvailable = false
      return null
    }
  }

  async function locate(
    baseUrl: string
  ): Promise<{ key: string; storage: 'keychain' | 'session' } | null> {
    const account = entryFor(baseUrl)
    const session = sessionKeys.get(account)
    if (session !== undefined) return { key: session, storage: 'session' }
    const stored = await fromKeychain(account)
    return stored ? { key: stored, storage: 'keychain' } : null
  }

  return {
    get keychainAvailable() {
      return keychainAvailable
    },
    async read(baseUrl) {
      return (await locate(baseUrl))?.key ?? null
    },
    async status(baseUrl) {
      const found = await locate(baseUrl)
      if (!found) return { set: false, lastFour: null, storage: null }
      return { set: true, lastFour: found.key.slice(-4), storage: found.storage }
    },
    async saveInKeychain(baseUrl, key) {
      const account = entryFor(baseUrl)
      try {
        await secretStore.set(account, key)
      } catch (error) {
        if (error instanceof SecretStoreUnavailableError) keychainAvailable = false
        throw error
      }
      keychainAvailable = true
      sessionKeys.delete(account)
    },
    saveForSession(baseUrl, key) {
      sessionKeys.set(entryFor(baseUrl), key)
    },
    async remove(baseUrl) {
      const account = entryFor(baseUrl)
      sessionKeys.delete(account)
      try {
        await secretStore.delete(account)
      } catch (error) {
        if (!(error instanceof SecretStoreUnavailableError)) throw error
        keychainAvailable = false
      }
    }
  }
}
