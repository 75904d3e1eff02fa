import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultArchivePath } from '../paths'
import { accountsPath } from './accountsFile'
import { AccountError, openAccountList } from './accountList'
import { archivePathOf, keyEntryOf } from './accountPlaces'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cb-accounts-'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('the account list', () => {
  it('starts from the single setup in memory, and writes it only when asked', () => {
    const list = openAccountList(dir, 'https://app.autocalls.ai')
    expect(list.all()).toEqual([
      {
        id: 'single',
        name: 'app.autocalls.ai',
        baseUrl: 'https://app.autocalls.ai',
        layout: 'single'
      }
    ])
    expect(existsSync(accountsPath(dir))).toBe(false)
    list.save()
    expect(openAccountList(dir, 'https://elsewhere.example').all()).toEqual(list.all())
    expect(statSync(accountsPath(dir)).mode & 0o777).toBe(0o600)
  })

  it('keeps the single account where the one-account app kept its key and archive', () => {
    const [single] = openAccountList(dir, 'https://app.autocalls.ai/api').all()
    if (!single) throw new Error('no account')
    expect(keyEntryOf(single)).toBe('https://app.autocalls.ai')
    expect(archivePathOf(single, dir)).toBe(defaultArchivePath('https://app.autocalls.ai/api', dir))
  })

  it('gives each added account its own keychain entry and archive, even on one host', () => {
    const list = openAccountList(dir, 'https://app.autocalls.ai')
    const acme = list.add({ name: ' Acme ', baseUrl: 'https://app.autocalls.ai' })
    const globex = list.add({ name: 'Globex', baseUrl: 'https://app.autocalls.ai' })
    expect(acme.name).toBe('Acme')
    const single = list.byId('single')
    const entries = new Set([single, acme, globex].map(keyEntryOf))
    const files = new Set([single, acme, globex].map((account) => archivePathOf(account, dir)))
    expect(entries.size).toBe(3)
    expect(files.size).toBe(3)
    expect(keyEntryOf(acme)).toContain(acme.id)
  })

  it('refuses a name taken in any case, and finds accounts by name in any case', () => {
    const list = openAccountList(dir, 'https://app.autocalls.ai')
    const acme = list.add({ name: 'Acme', baseUrl: 'https://app.autocalls.ai' })
    expect(() => list.add({ name: 'ACME', baseUrl: 'https://x.example' })).toThrow(
      'An account named "Acme" already exists.'
    )
    expect(list.byName('acme').id).toBe(acme.id)
    expect(() => list.byName('Initech')).toThrow(
      'No account is named "Initech". The accounts are: app.autocalls.ai, Acme.'
    )
    expect(() => list.byName('Initech')).toThrow(AccountError)
    expect(() => list.rename('single', 'acme')).toThrow(AccountError)
    expect(list.rename(acme.id, 'ACME Corp').name).toBe('ACME Corp')
    expect(list.all()).toHaveLength(2)
  })

  it('removes an account, moving the current one on, but never the last', () => {
    const list = openAccountList(dir, 'https://app.autocalls.ai')
    const acme = list.add({ name: 'Acme', baseUrl: 'https://app.autocalls.ai' })
    list.choose(acme.id)
    list.remove(acme.id)
    expect(list.current().id).toBe('single')
    expect(() => list.remove('single')).toThrow('The only account cannot be removed.')
    expect(
      openAccountList(dir, 'https://app.autocalls.ai')
        .all()
        .map((a) => a.id)
    ).toEqual(['single'])
  })

  it('remembers the current account across runs', () => {
    const list = openAccountList(dir, 'https://app.autocalls.ai')
    const acme = list.add({ name: 'Acme', baseUrl: 'https://acme.example' })
    list.choose(acme.id)
    expect(openAccountList(dir, 'https://app.autocalls.ai').current()).toEqual(acme)
  })

  it('keeps a damaged accounts file beside itself instead of overwriting it', () => {
    writeFileSync(accountsPath(dir), '{"version": 1, "current": "gone", "accounts": [')
    const list = openAccountList(dir, 'https://app.autocalls.ai')
    expect(list.all().map((account) => account.id)).toEqual(['single'])
    const kept = readdirSync(dir).filter((name) => name.startsWith('accounts.json.invalid-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(dir, kept[0] ?? ''), 'utf8')).toContain('"current": "gone"')
  })

  it('refuses a file whose current account is not in it, or whose names are not one line', () => {
    for (const body of [
      {
        version: 1,
        current: 'x',
        accounts: [{ id: 'y', name: 'Y', baseUrl: 'https://y.example', layout: 'own' }]
      },
      {
        version: 1,
        current: 'y',
        accounts: [{ id: 'y', name: 'Y\nZ', baseUrl: 'https://y.example', layout: 'own' }]
      },
      {
        version: 1,
        current: 'y',
        accounts: [{ id: '../y', name: 'Y', baseUrl: 'https://y.example', layout: 'own' }]
      }
    ]) {
      writeFileSync(accountsPath(dir), JSON.stringify(body))
      expect(openAccountList(dir, 'https://app.autocalls.ai').current().id).toBe('single')
    }
    // Each kept under a name of its own, even within one millisecond.
    expect(
      readdirSync(dir).filter((name) => name.startsWith('accounts.json.invalid-'))
    ).toHaveLength(3)
  })

  it('sees what another process (the CLI) changed, and never writes over it', () => {
    const app = openAccountList(dir, 'https://app.autocalls.ai')
    app.save()
    const cli = openAccountList(dir, 'https://app.autocalls.ai')
    const acme = cli.add({ name: 'Acme', baseUrl: 'https://acme.example' })
    expect(app.all().map((account) => account.name)).toEqual(['app.autocalls.ai', 'Acme'])
    app.rename('single', 'Head office')
    const globex = cli.add({ name: 'Globex', baseUrl: 'https://globex.example' })
    cli.remove(acme.id)
    app.choose(globex.id)
    expect(
      openAccountList(dir, 'https://app.autocalls.ai')
        .all()
        .map((a) => a.name)
    ).toEqual(['Head office', 'Globex'])
    expect(() => app.byId(acme.id)).toThrow(AccountError)
  })
})
