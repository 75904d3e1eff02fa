import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IpcResult } from '../../../shared/ipc/contract'
import { startMockApi, type MockApi } from '../mockApi/mockApiServer'
import { createKeytarSecretStore } from '../secrets/keytarSecretStore'
import { apiKeyAccount } from '../secrets/secretStore'
import { createIpcHandlers, type IpcHandlers } from './createIpcHandlers'
import { realKeychainTestsRun } from '../secrets/testSecretService'

const FIRST_KEY = 'sk-keychain-first-0123456789'
const SECOND_KEY = 'sk-keychain-second-9876543210'

const available = await realKeychainTestsRun()

let dir: string
let first: MockApi
let second: MockApi
let handlers: IpcHandlers | null

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cb-accounts-keychain-'))
  first = await startMockApi({ apiKey: FIRST_KEY, rows: 5 })
  second = await startMockApi({ apiKey: SECOND_KEY, rows: 5 })
  handlers = null
})

afterEach(async () => {
  await handlers?.dispose()
  await first.close()
  await second.close()
  rmSync(dir, { recursive: true, force: true })
})

async function value<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const answer = await result
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`)
  return answer.value
}

describe.runIf(available)('accounts in the real keychain (Secret Service)', () => {
  it('keeps one entry per account, even for two accounts on one API host, and removes only its own', async () => {
    const service = `Conversation Browser Test ${randomUUID()}`
    const store = createKeytarSecretStore(service)
    handlers = createIpcHandlers({
      userDataDir: join(dir, 'user-data'),
      secretStore: store,
      defaultBaseUrl: first.url,
      clientOptions: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
      emit: () => undefined
    })
    await value(handlers.saveApiKey({ apiKey: FIRST_KEY }))
    // Same host as the first account (both mocks listen on 127.0.0.1), another port and key.
    const added = await value(
      handlers.addAccount({ name: 'Acme', baseUrl: second.url, apiKey: SECOND_KEY })
    )
    const acme = added.accounts.find((account) => account.name === 'Acme')
    if (!acme) throw new Error('Acme was not added')
    const acmeEntry = `${apiKeyAccount(second.url)} account ${acme.id}`

    // A second process (the CLI) reads what the app saved.
    const reader = createKeytarSecretStore(service)
    expect(await reader.get(apiKeyAccount(first.url))).toBe(FIRST_KEY)
    expect(await reader.get(acmeEntry)).toBe(SECOND_KEY)
    expect(added.key).toEqual({ set: true, lastFour: '3210', storage: 'keychain' })

    await value(handlers.removeAccount({ id: acme.id, deleteArchive: true }))
    expect(await reader.get(acmeEntry)).toBeNull()
    expect(await reader.get(apiKeyAccount(first.url))).toBe(FIRST_KEY)

    await value(handlers.removeApiKey(undefined))
    expect(await reader.get(apiKeyAccount(first.url))).toBeNull()
  })
})
