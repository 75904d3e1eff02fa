import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach } from 'vitest'
import { writeAccountsFile, type StoredAccount } from '../accounts/accountsFile'
import { APP_NAME } from '../paths'
import { createMemorySecretStore } from '../secrets/memorySecretStore'
import type { SecretStore } from '../secrets/secretStore'
import type { CliEnvironment } from './cliContext'
import { runCli } from './runCli'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

function sink(): Writable & { text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    }
  })
  return Object.assign(stream, { text: () => chunks.join('') })
}

/**
 * Test-only: a user-data folder of its own per test ($XDG_CONFIG_HOME points the CLI at it), a
 * memory keychain, and runCli with that environment plus whatever a test adds.
 */
export function useCliHome(): {
  home(): string
  userDataDir(): string
  store(): SecretStore
  writeAccounts(accounts: StoredAccount[]): void
  cli(
    args: string[],
    options?: { env?: NodeJS.ProcessEnv; stdin?: CliEnvironment['stdin']; store?: SecretStore }
  ): Promise<CliResult>
} {
  let home = ''
  let store: SecretStore = createMemorySecretStore()
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'cb-cli-home-'))
    store = createMemorySecretStore()
  })
  afterEach(() => {
    rmSync(home, { recursive: true, force: true })
  })
  const userDataDir = (): string => join(home, APP_NAME)
  return {
    home: () => home,
    userDataDir,
    store: () => store,
    writeAccounts(accounts) {
      const [first] = accounts
      if (!first) throw new Error('An account list holds at least one account.')
      writeAccountsFile(userDataDir(), { current: first.id, accounts })
    },
    async cli(args, options = {}) {
      const stdout = sink()
      const stderr = sink()
      const code = await runCli(args, {
        // Linux finds the folder by XDG_CONFIG_HOME, Windows by APPDATA.
        env: { XDG_CONFIG_HOME: home, APPDATA: home, ...options.env },
        stdout,
        stderr,
        stdin: options.stdin,
        secretStore: options.store ?? store
      })
      return { code, stdout: stdout.text(), stderr: stderr.text() }
    }
  }
}
