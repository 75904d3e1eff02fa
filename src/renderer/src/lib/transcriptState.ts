import type { IpcErrorInfo, TranscriptFetch } from '@shared/ipc/contract'
import type { ArchivedTranscript } from '../../../shared/model/transcript'
import { formatLocalDateTime } from './format'

/** What the renderer knows of one conversation's transcript: the archived copy and its fetch. */
export interface TranscriptEntry {
  id: string
  /** Another account's, opened from a lookup across accounts; undefined for the current one. */
  accountId?: string
  /** The archived copy; null before the first read, or when the archive does not hold the id. */
  transcript: ArchivedTranscript | null
  /** The archive has been read once (so a null transcript means the id is unknown). */
  loaded: boolean
  loading: boolean
  /** Reading the archive failed. */
  error: IpcErrorInfo | null
  /** The last fetch of a fresh copy asked for from here, as its events tell it. */
  fetch: TranscriptFetch | null
}

export type TranscriptNoticeKind =
  | 'reading'
  | 'read-failed'
  | 'unknown'
  | 'fetching'
  | 'refreshing'
  | 'offline'
  | 'not-fetched-offline'
  | 'failed'
  | 'gone'
  | 'changed'
  | 'not-fetched'

export interface TranscriptNotice {
  kind: TranscriptNoticeKind
  text: string
  /** Alerts are for failures; the rest is status. */
  tone: 'info' | 'warning' | 'error'
  /** A fetch is under way. */
  busy: boolean
}

function notice(
  kind: TranscriptNoticeKind,
  text: string,
  tone: TranscriptNotice['tone'] = 'info',
  busy = false
): TranscriptNotice {
  return { kind, text, tone, busy }
}

/** The server answered "Conversation not found" after the last successful fetch, if any. */
export function isGone(transcript: ArchivedTranscript): boolean {
  if (transcript.not_found_at === null) return false
  if (transcript.fetched_at === null) return true
  return Date.parse(transcript.not_found_at) >= Date.parse(transcript.fetched_at)
}

/** Whether opening this transcript should ask the server for a fresh copy. */
export function needsFetch(transcript: ArchivedTranscript): boolean {
  // "Not found" is recorded so it is not asked again each time the conversation is opened.
  if (isGone(transcript) && !transcript.stale) return false
  return transcript.messages === null || transcript.stale
}

function isOfflineFailure(fetch: TranscriptFetch | null): boolean {
  return fetch?.phase === 'failed' && fetch.error?.code === 'offline'
}

/**
 * The one line above a transcript that says where the shown copy comes from, or null when it
 * is simply the current one. `online` is the app's last word on reaching the server.
 */
export function describeTranscript(
  entry: TranscriptEntry,
  online: boolean
): TranscriptNotice | null {
  const { transcript, fetch } = entry
  if (!entry.loaded) {
    if (entry.error) return notice('read-failed', entry.error.message, 'error')
    return notice('reading', 'Reading the archive…')
  }
  if (entry.error && transcript === null) return notice('read-failed', entry.error.message, 'error')
  if (transcript === null) return notice('unknown', 'This conversation is not in the archive.')

  const fetching = fetch?.phase === 'fetching'
  // A fetch that succeeded since the sync last said offline knows better that the server is
  // reachable; the transcripts store forgets that success when the connection drops afterwards.
  const reached = fetch?.phase === 'done'
  const offline = isOfflineFailure(fetch) || (!online && !fetching && !reached)
  // The fetch's own "not found" says it before the archive, read again, records it.
  const gone =
    isGone(transcript) || (fetch?.phase === 'failed' && fetch.error?.code === 'not-found')
  const failure = fetch?.phase === 'failed' && !offline && !gone ? fetch.error : null

  if (transcript.messages === null) {
    if (gone) {
      return notice(
        'gone',
        'The server no longer has this conversation, and its transcript was never archived.',
        'warning'
      )
    }
    if (fetching) return notice('fetching', 'Fetching the transcript…', 'info', true)
    if (offline) {
      return notice(
        'not-fetched-offline',
        'Not fetched yet: it will be fetched when you are online',
        'warning'
      )
    }
    if (failure) {
      return notice('failed', `The transcript could not be fetched: ${failure.message}`, 'error')
    }
    return notice('not-fetched', 'Not fetched yet.')
  }

  const archivedOn = formatLocalDateTime(transcript.fetched_at)
  if (gone) {
    return notice(
      'gone',
      `The server no longer has this conversation; this is the copy archived on ${archivedOn}`,
      'warning'
    )
  }
  if (fetching) {
    return notice(
      'refreshing',
      `Showing the copy archived on ${archivedOn}; fetching the latest…`,
      'info',
      true
    )
  }
  if (offline)
    return notice('offline', `Offline: showing the copy archived on ${archivedOn}`, 'warning')
  if (failure) {
    return notice(
      'failed',
      `Could not fetch the latest copy (${failure.message}); showing the copy archived on ${archivedOn}`,
      'warning'
    )
  }
  if (transcript.stale) {
    return notice(
      'changed',
      `The conversation has changed since this copy was archived on ${archivedOn}`
    )
  }
  return null
}
