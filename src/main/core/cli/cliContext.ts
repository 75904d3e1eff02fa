import { checkBaseUrl, DEFAULT_BASE_URL } from '../api/baseUrl'
import { UsageError } from '../errors'
import { defaultArchivePath } from '../paths'
import { createKeytarSecretStore } from '../secrets/keytarSecretStore'
import { apiKeyAccount, type SecretStore } from '../secrets/secretStore'

export interface CliEnvironment {
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  /** The keychain the app saves the key in; injectable for tests. */
  secretStore?: SecretStore
}

export interface CommonFlags {
  'base-url'?: string
  db?: string
}

export function resolveBaseUrl(flags: CommonFlags, env: NodeJS.ProcessEnv): string {
  return checkBaseUrl(flags['base-url'] ?? env['AUTOCALLS_BASE_URL'] ?? DEFAULT_BASE_URL)
}

export function resolveArchivePath(flags: CommonFlags, env: NodeJS.ProcessEnv): string {
  return flags.db ?? defaultArchivePath(resolveBaseUrl(flags, env))
}

/** The key from AUTOCALLS_API_KEY, else from the keychain entry the app saves. */
export async function resolveApiKey(baseUrl: string, context: CliEnvironment): Promise<string> {
  const fromEnv = context.env['AUTOCALLS_API_KEY']?.trim()
  if (fromEnv) return fromEnv
  const store = context.secretStore ?? createKeytarSecretStore()
  let saved: string | null = null
  try {
    saved = await store.get(apiKeyAccount(baseUrl))
  } catch {
    // No keychain on this machine: the environment variable is the way, as the error says.
  }
  if (saved) return saved
  throw new UsageError(
    `No API key for ${baseUrl}: set AUTOCALLS_API_KEY, or save the key in the Conversation Browser app.`
  )
}
