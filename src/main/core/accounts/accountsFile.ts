import { randomBytes } from 'node:crypto'
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { accountNameSchema } from '../../../shared/model/account'
import { baseUrlSchema } from '../api/baseUrl'
import { makePrivateDir, PRIVATE_FILE_MODE } from '../privateFiles'

export const ACCOUNTS_FILE_NAME = 'accounts.json'

/**
 * 'single' is the account the app had before it held several: its key is the keychain entry
 * named after the API's origin and its archive the file per API host, so an upgrade moves
 * nothing and asks for nothing. Accounts added since have entries and files of their own.
 */
export type AccountLayout = 'single' | 'own'

const storedAccountSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: accountNameSchema,
  baseUrl: baseUrlSchema,
  layout: z.enum(['single', 'own'])
})

const accountsFileSchema = z
  .object({
    version: z.literal(1),
    current: z.string(),
    accounts: z.array(storedAccountSchema).min(1)
  })
  .refine((file) => file.accounts.some((account) => account.id === file.current), {
    message: 'the current account is not in the list'
  })

export type StoredAccount = z.infer<typeof storedAccountSchema>

export interface StoredAccounts {
  current: string
  accounts: StoredAccount[]
}

export function accountsPath(userDataDir: string): string {
  return join(userDataDir, ACCOUNTS_FILE_NAME)
}

/**
 * The accounts as saved; null when there is no file yet (a first start, or an upgrade from the
 * single-account app). A file that is not valid is kept beside itself, never overwritten, so a
 * person can still recover the list; the app then starts again from the single account.
 */
export function readAccountsFile(userDataDir: string): StoredAccounts | null {
  const file = accountsPath(userDataDir)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  let parsed: ReturnType<typeof accountsFileSchema.safeParse>
  try {
    parsed = accountsFileSchema.safeParse(JSON.parse(text))
  } catch {
    parsed = accountsFileSchema.safeParse(undefined)
  }
  if (parsed.success) return { current: parsed.data.current, accounts: parsed.data.accounts }
  // The time for a person; the random part so that no earlier kept file is ever overwritten.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const keptAs = `${file}.invalid-${stamp}-${randomBytes(3).toString('hex')}`
  renameSync(file, keptAs)
  console.error(`The accounts file was not valid; it is kept as ${keptAs}.`)
  return null
}

/** A temporary file renamed over the old one: a crash leaves the old list or the new, whole. */
export function writeAccountsFile(userDataDir: string, accounts: StoredAccounts): void {
  const file = accountsPath(userDataDir)
  makePrivateDir(dirname(file))
  const temporary = `${file}.${process.pid}.tmp`
  const body = { version: 1, current: accounts.current, accounts: accounts.accounts }
  writeFileSync(temporary, `${JSON.stringify(body, null, 2)}\n`, {
    encoding: 'utf8',
    mode: PRIVATE_FILE_MODE
  })
  chmodSync(temporary, PRIVATE_FILE_MODE)
  renameSync(temporary, file)
}
