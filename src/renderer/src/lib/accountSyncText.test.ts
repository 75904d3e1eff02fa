import { describe, expect, it } from 'vitest'
import { accountSummary } from '../test/fakeApi'
import { accountShortcut, accountSyncText } from './accountSyncText'

const NOW = new Date('2026-12-03T12:00:00Z')

describe('accountSyncText', () => {
  it('says a sync is running before anything else', () => {
    const account = accountSummary({
      sync: { phase: 'running', lastSyncAt: '2026-12-03T11:00:00Z', lastError: 'Refused.' }
    })
    expect(accountSyncText(account, NOW)).toBe('Syncing…')
    expect(
      accountSyncText(
        accountSummary({ sync: { phase: 'cancelling', lastSyncAt: null, lastError: null } }),
        NOW
      )
    ).toBe('Cancelling its sync…')
  })

  it('gives the last failure as its sentence, else when it last synced', () => {
    const failed = accountSummary({
      sync: {
        phase: 'idle',
        lastSyncAt: '2026-12-03T11:00:00Z',
        lastError: 'autocalls.ai refused the API key.'
      }
    })
    expect(accountSyncText(failed, NOW)).toBe('Last sync failed: autocalls.ai refused the API key.')
    const synced = accountSummary({
      sync: { phase: 'idle', lastSyncAt: '2026-12-03T11:55:00Z', lastError: null }
    })
    expect(accountSyncText(synced, NOW)).toBe('Synced 5 minutes ago')
    expect(accountSyncText(accountSummary(), NOW)).toBe('Not synced yet')
  })

  it('says when the account has no key to sync with', () => {
    expect(accountSyncText(accountSummary({ keySet: false, keyLastFour: null }), NOW)).toBe(
      'No API key saved'
    )
  })
})

describe('accountShortcut', () => {
  it('names Ctrl+1 … Ctrl+9 (Cmd on macOS), and nothing from the tenth account on', () => {
    expect(accountShortcut(0, false)).toBe('Ctrl+1')
    expect(accountShortcut(8, true)).toBe('Cmd+9')
    expect(accountShortcut(9, false)).toBeNull()
  })
})
