import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createKeytarSecretStore } from './keytarSecretStore'
import { realKeychainTestsRun } from './testSecretService'

const run = promisify(execFile)

const available = await realKeychainTestsRun()

describe.runIf(available)('keytar secret store against the real keychain', () => {
  it('stores, replaces, reads and deletes a key', async () => {
    const store = createKeytarSecretStore(`Conversation Browser Test ${randomUUID()}`)
    const account = 'https://app.autocalls.ai'

    expect(await store.get(account)).toBeNull()
    await store.set(account, 'first-key')
    await store.set(account, 'second-key')
    expect(await store.get(account)).toBe('second-key')
    expect(await store.get('https://other.example')).toBeNull()
    expect(await store.delete(account)).toBe(true)
    expect(await store.get(account)).toBeNull()
    expect(await store.delete(account)).toBe(false)
  })
})

describe('keytar secret store without a Secret Service', () => {
  it.runIf(process.platform === 'linux')(
    'fails with a clear error instead of crashing',
    async () => {
      const script = `
      const { createKeytarSecretStore } = require('./src/main/core/secrets/keytarSecretStore.ts')
      createKeytarSecretStore('no-bus').get('x').then(
        () => console.log('unexpected success'),
        (e) => console.log(e.name + ': ' + e.message))`
      const env = {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
        DISPLAY: ''
      }
      const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', script], { env })
      expect(stdout).toMatch(/^SecretStoreUnavailableError: The system keychain is not available/)
    }
  )
})
