import { describe, expect, it } from 'vitest'
import type { TranscriptFetch } from '@shared/ipc/contract'
import type { ArchivedTranscript } from '../../../shared/model/transcript'
import { transcript } from '../test/fakeApi'
import { formatLocalDateTime } from './format'
import { describeTranscript, needsFetch, type TranscriptEntry } from './transcriptState'

const ARCHIVED_AT = '2025-03-06T10:00:00Z'
const on = formatLocalDateTime(ARCHIVED_AT)
const neverFetched: Partial<ArchivedTranscript> = {
  messages: null,
  fetched_at: null,
  fetched_message_count: null,
  fetched_updated_at: null
}

function entry(
  shown: Partial<ArchivedTranscript> | null,
  fetch: TranscriptFetch['phase'] | null = null,
  errorCode: 'offline' | 'server' = 'offline'
): TranscriptEntry {
  return {
    id: 'c1',
    transcript: shown === null ? null : transcript('c1', { fetched_at: ARCHIVED_AT, ...shown }),
    loaded: true,
    loading: false,
    error: null,
    fetch:
      fetch === null
        ? null
        : {
            id: 'c1',
            phase: fetch,
            error: fetch === 'failed' ? { code: errorCode, message: 'HTTP 502' } : null
          }
  }
}

const text = (value: TranscriptEntry, online = true) => describeTranscript(value, online)?.text

describe('what the transcript pane says', () => {
  it('says nothing about a current copy', () => {
    expect(describeTranscript(entry({}), true)).toBeNull()
    expect(describeTranscript(entry({}, 'done'), true)).toBeNull()
  })

  it('says a transcript never fetched is being fetched', () => {
    const notice = describeTranscript(entry(neverFetched, 'fetching'), true)
    expect(notice).toMatchObject({ kind: 'fetching', busy: true })
    expect(notice?.text).toBe('Fetching the transcript…')
  })

  it('shows the archived copy while a fresh one is fetched', () => {
    expect(text(entry({ stale: true }, 'fetching'))).toBe(
      `Showing the copy archived on ${on}; fetching the latest…`
    )
  })

  it('says when the copy shown offline was archived', () => {
    expect(text(entry({ stale: true }, 'failed'))).toBe(
      `Offline: showing the copy archived on ${on}`
    )
    // Offline by the last sync's word, before any fetch was asked.
    expect(text(entry({}), false)).toBe(`Offline: showing the copy archived on ${on}`)
    // A fetch that just came back knows the server is reachable.
    expect(describeTranscript(entry({}, 'done'), false)).toBeNull()
  })

  it('says a missing transcript waits for the connection', () => {
    expect(text(entry(neverFetched, 'failed'))).toBe(
      'Not fetched yet: it will be fetched when you are online'
    )
    expect(text(entry(neverFetched), false)).toBe(
      'Not fetched yet: it will be fetched when you are online'
    )
  })

  it('says the server no longer has it, and that the copy is the archived one', () => {
    const gone = entry({ not_found_at: '2025-04-01T00:00:00Z' }, 'failed', 'server')
    expect(text(gone)).toBe(
      `The server no longer has this conversation; this is the copy archived on ${on}`
    )
    expect(text(entry({ ...neverFetched, not_found_at: '2025-04-01T00:00:00Z' }))).toMatch(
      /no longer has this conversation, and its transcript was never archived/
    )
    // Said by the fetch itself, before the archive records it.
    const saidByFetch: TranscriptEntry = {
      ...entry({ stale: true }),
      fetch: { id: 'c1', phase: 'failed', error: { code: 'not-found', message: 'Gone.' } }
    }
    expect(describeTranscript(saidByFetch, true)?.kind).toBe('gone')
    // Found again after the "not found": current.
    expect(describeTranscript(entry({ not_found_at: '2025-01-01T00:00:00Z' }), true)).toBeNull()
  })

  it('says what else went wrong, keeping the copy', () => {
    const failed = describeTranscript(entry({ stale: true }, 'failed', 'server'), true)
    expect(failed?.kind).toBe('failed')
    expect(failed?.text).toContain('HTTP 502')
    expect(failed?.text).toContain(on)
  })

  it('tells an id the archive does not hold, and a failed read', () => {
    expect(text(entry(null))).toBe('This conversation is not in the archive.')
    const unread: TranscriptEntry = {
      ...entry(null),
      loaded: false,
      error: { code: 'archive', message: 'The archive is busy.' }
    }
    expect(describeTranscript(unread, true)).toMatchObject({
      kind: 'read-failed',
      tone: 'error',
      text: 'The archive is busy.'
    })
  })
})

describe('when a transcript is fetched on opening', () => {
  it('is fetched when missing or stale, and not when current or gone', () => {
    expect(needsFetch(transcript('c', neverFetched))).toBe(true)
    expect(needsFetch(transcript('c', { stale: true }))).toBe(true)
    expect(needsFetch(transcript('c'))).toBe(false)
    expect(needsFetch(transcript('c', { ...neverFetched, not_found_at: ARCHIVED_AT }))).toBe(false)
  })
})
