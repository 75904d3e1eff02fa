import { describe, expect, it } from 'vitest'
import { idleBackfill } from '../test/fakeApi'
import { describeBackfill } from './backfillText'

describe('the backfill’s line in the status bar', () => {
  it('says how many, and how long the rest takes at the API’s limit', () => {
    const running = idleBackfill({
      phase: 'running',
      done: 1_234,
      total: 1_000_000,
      remainingMs: 11.5 * 86_400_000
    })
    expect(describeBackfill(running)).toBe(
      "Transcripts: 1,234 of 1,000,000, about 12 days left at the API's limit"
    )
    expect(describeBackfill({ ...running, remainingMs: null })).toBe(
      'Transcripts: 1,234 of 1,000,000'
    )
    expect(describeBackfill({ ...running, remainingMs: 20_000 })).toBe(
      "Transcripts: 1,234 of 1,000,000, less than a minute left at the API's limit"
    )
  })

  it('says it is counting before a pass has reported, not "0 of 0"', () => {
    expect(describeBackfill(idleBackfill({ phase: 'running', done: 0, total: 0 }))).toBe(
      'Transcripts: counting…'
    )
    expect(describeBackfill(idleBackfill({ phase: 'paused', done: 0, total: 0 }))).toBe(
      'Transcripts paused'
    )
  })

  it('says when it is paused, and why it stopped', () => {
    expect(describeBackfill(idleBackfill({ phase: 'paused', done: 5, total: 9 }))).toBe(
      'Transcripts paused: 5 of 9'
    )
    expect(
      describeBackfill(idleBackfill({ lastError: { code: 'auth', message: 'HTTP 401' } }))
    ).toMatch(/^Transcripts stopped: autocalls.ai refused the API key/)
  })

  it('says nothing when idle, off, or offline (the banner says that)', () => {
    expect(describeBackfill(null)).toBeNull()
    expect(describeBackfill(idleBackfill())).toBeNull()
    expect(describeBackfill(idleBackfill({ phase: 'off' }))).toBeNull()
    expect(
      describeBackfill(idleBackfill({ lastError: { code: 'offline', message: 'unreachable' } }))
    ).toBeNull()
  })
})
