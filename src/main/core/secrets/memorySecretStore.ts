import type { SecretStore } from './secretStore'

/** Keeps secrets for this process only: the fallback when no OS keychain is available. */
export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>()
  return {
    async get(account) {
      return secrets.get(account) ?? null
    },
    async set(account, secret) {
      secrets.set(account, secret)
    },
    async delete(account) {
      return secrets.delete(account)
    }
  }
}
