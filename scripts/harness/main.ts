import { parseArgs } from 'node:util'
import { createKeytarSecretStore } from '../../src/main/core/secrets/keytarSecretStore'
import { startHarness } from './startHarness'

/** `npm run harness -- --db FILE [--base-url URL] [--port N] [--user-data DIR] [--keychain]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      'base-url': { type: 'string' },
      port: { type: 'string' },
      'user-data': { type: 'string' },
      keychain: { type: 'boolean' }
    }
  })
  if (!values.db)
    throw new Error(
      'Usage: npm run harness -- --db FILE [--base-url URL] [--port N] [--user-data DIR] [--keychain]'
    )
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, not ${values.port}`)
  }
  const harness = await startHarness({
    dbPath: values.db,
    baseUrl: values['base-url'],
    userDataDir: values['user-data'],
    port,
    secretStore: values.keychain ? createKeytarSecretStore() : undefined
  })
  console.log(`Harness: ${harness.url}`)
  const stop = (): void => {
    void harness.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
