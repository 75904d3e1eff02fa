import { randomUUID } from 'node:crypto'
import { SecretStoreUnavailableError } from '../errors'
import { createKeytarSecretStore } from './keytarSecretStore'

async function secretServiceAnswers(): Promise<boolean> {
  try {
    await createKeytarSecretStore(`probe-${randomUUID()}`).get('probe')
    return true
  } catch (error) {
    if (error instanceof SecretStoreUnavailableError) return false
    throw error
  }
}

/**
 * Test-only: whether the tests against the real keychain run here. CI always provides a Secret
 * Service (scripts/test.sh), so there they can never skip: without one they fail.
 */
export async function realKeychainTestsRun(): Promise<boolean> {
  return (await secretServiceAnswers()) || process.env['CI'] === 'true'
}
