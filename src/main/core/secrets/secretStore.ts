/** Where the API key lives: the OS keychain in the app and CLI, memory for a session-only key. */
export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  /** Returns whether there was a secret to delete. */
  delete(account: string): Promise<boolean>
}

/** The keychain service name the app and the CLI share. */
export const KEYCHAIN_SERVICE = 'Conversation Browser'

/**
 * The keychain account for an API key: the API's origin, so a demo key for the local mock
 * never overwrites the real account's key.
 */
export function apiKeyAccount(baseUrl: string): string {
  return new URL(baseUrl).origin
}
