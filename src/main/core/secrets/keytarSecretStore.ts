import { SecretStoreUnavailableError, describeError } from '../errors'
import { KEYCHAIN_SERVICE, type SecretStore } from './secretStore'

type Keytar = typeof import('keytar')

/**
 * The OS keychain through keytar: Keychain on macOS, Credential Vault on Windows, the Secret
 * Service (GNOME Keyring, KWallet) on Linux. keytar is loaded on first use so that a machine
 * without it, or without a Secret Service, gets a clear error instead of a crash at start-up.
 */
export function createKeytarSecretStore(service: string = KEYCHAIN_SERVICE): SecretStore {
  let loaded: Promise<Keytar> | undefined

  function keytar(): Promise<Keytar> {
    loaded ??= import('keytar').then((module) => ('default' in module ? module.default : module))
    return loaded
  }

  async function call<T>(operation: (k: Keytar) => Promise<T>): Promise<T> {
    try {
      return await operation(await keytar())
    } catch (error) {
      throw new SecretStoreUnavailableError(
        `The system keychain is not available (${describeError(error)}). ` +
          'On Linux this needs a Secret Service such as GNOME Keyring or KWallet.',
        { cause: error }
      )
    }
  }

  return {
    get: (account) => call((k) => k.getPassword(service, account)),
    set: (account, secret) => call((k) => k.setPassword(service, account, secret)),
    delete: (account) => call((k) => k.deletePassword(service, account))
  }
}
