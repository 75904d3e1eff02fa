import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref, watch } from 'vue'
import type {
  InAccount,
  IpcErrorInfo,
  SaveTranscriptInput,
  TranscriptFetch
} from '@shared/ipc/contract'
import { api, toApiError } from '../api'
import { needsFetch, type TranscriptEntry } from '../lib/transcriptState'
import { useSyncStore } from './sync'

// Transcripts kept when no view shows them, so going back to one is instant. A transcript of a
// thousand messages is a few hundred kilobytes; a day of lookups must not keep them all.
export const KEPT_UNUSED = 20

function errorInfo(failure: unknown): IpcErrorInfo {
  const error = toApiError(failure)
  return { code: error.code, message: error.message }
}

/**
 * Where entries are kept: a conversation of the current account by its id alone (so the
 * `transcriptFetch` events, which name only the id, find it); one of another account, opened
 * from a lookup across accounts, by its account too, as two archives may hold the same id.
 */
export function transcriptKey(id: string, accountId?: string): string {
  return accountId === undefined ? id : `${accountId}:${id}`
}

/**
 * The transcripts shown in the detail pane and the customer view, by conversation id (and
 * account, for a conversation of another account: see transcriptKey). Opening
 * one shows the archived copy at once and asks main for a fresh one when it is missing or
 * stale; main answers at once and tells the outcome through `transcriptFetch` events, after
 * which the archive is read again. A fetch's outcome says whether the server could be reached
 * only until the sync store says otherwise: the newer word wins.
 */
export const useTranscriptsStore = defineStore('transcripts', () => {
  // By transcriptKey. Insertion order is recency of use: the oldest unused entries go first.
  const entries = ref(new Map<string, TranscriptEntry>())
  // How many mounted views show each key; those are never dropped.
  const users = new Map<string, number>()
  // The latest read of each key, so an older answer never replaces a newer one.
  const reads = new Map<string, number>()
  // The fetch asked for each key, until its outcome is known.
  const asked = new Map<string, object>()
  let unsubscribe: (() => void) | null = null

  // Gone offline after a fetch succeeded, or back online after one failed for want of a
  // connection: that outcome is older news than the connection's, so it is forgotten and the
  // pane says what the connection is now. Back online, what a view shows and lacks is fetched.
  const sync = useSyncStore()
  watch(
    () => sync.online,
    (online) => {
      for (const target of entries.value.values()) {
        const fetch = target.fetch
        if (fetch === null || fetch.phase === 'fetching') continue
        const reachedServer = fetch.phase === 'done'
        const couldNotReach = fetch.phase === 'failed' && fetch.error?.code === 'offline'
        if ((!online && reachedServer) || (online && couldNotReach)) target.fetch = null
      }
      if (!online) return
      for (const [key, target] of entries.value) {
        if (!users.has(key) || asked.has(key) || !target.transcript) continue
        if (needsFetch(target.transcript)) void requestFetch(target.id, target.accountId)
      }
    }
  )

  function ensure(id: string, accountId?: string): TranscriptEntry {
    const key = transcriptKey(id, accountId)
    const existing = entries.value.get(key)
    if (existing) {
      // Used again: move it to the newest end.
      entries.value.delete(key)
      entries.value.set(key, existing)
      return entries.value.get(key)!
    }
    entries.value.set(key, {
      id,
      accountId,
      transcript: null,
      loaded: false,
      loading: false,
      error: null,
      fetch: null
    })
    evictUnused()
    return entries.value.get(key)!
  }

  function entry(id: string, accountId?: string): TranscriptEntry | null {
    return entries.value.get(transcriptKey(id, accountId)) ?? null
  }

  async function read(id: string, accountId?: string): Promise<void> {
    const key = transcriptKey(id, accountId)
    const mine = (reads.get(key) ?? 0) + 1
    reads.set(key, mine)
    const target = entries.value.get(key) ?? ensure(id, accountId)
    target.loading = true
    try {
      const transcript = await api.getTranscript(id, accountId)
      if (reads.get(key) !== mine) return
      // Replaced whole, never edited: a thousand messages need no reactive proxies.
      target.transcript = transcript === null ? null : markRaw(transcript)
      target.error = null
    } catch (failure) {
      if (reads.get(key) !== mine) return
      target.error = errorInfo(failure)
    } finally {
      if (reads.get(key) === mine) {
        target.loading = false
        target.loaded = true
      }
    }
  }

  /** The archived copy at once; then a fresh one when it is missing or stale. */
  async function open(id: string, accountId?: string): Promise<void> {
    const key = transcriptKey(id, accountId)
    ensure(id, accountId)
    await read(id, accountId)
    const current = entries.value.get(key)
    if (!current?.transcript || asked.has(key)) return
    if (needsFetch(current.transcript)) await requestFetch(id, accountId)
  }

  async function requestFetch(id: string, accountId?: string): Promise<void> {
    const key = transcriptKey(id, accountId)
    const target = entries.value.get(key) ?? ensure(id, accountId)
    const token = {}
    asked.set(key, token)
    target.fetch = { id, phase: 'fetching', error: null }
    let answer: TranscriptFetch
    try {
      answer = await api.fetchTranscript(id, accountId)
    } catch (failure) {
      answer = { id, phase: 'failed', error: errorInfo(failure) }
    }
    // An event may have told the outcome before the answer arrived: it is the newer word.
    if (asked.get(key) !== token) return
    applyFetch(answer, accountId)
  }

  /** A fetch's outcome; the events name no account, so theirs are the current account's. */
  function applyFetch(fetch: TranscriptFetch, accountId?: string): void {
    const key = transcriptKey(fetch.id, accountId)
    const target = entries.value.get(key)
    if (!target) return
    target.fetch = fetch
    if (fetch.phase === 'fetching') return
    asked.delete(key)
    // Done: the fresh copy is archived. Failed: the archive may now record "not found".
    void read(fetch.id, accountId)
  }

  /** Takes the main process's word on every transcript fetch from now on. */
  function follow(): void {
    unsubscribe?.()
    unsubscribe = api.onTranscriptFetch((fetch) => applyFetch(fetch, fetch.accountId))
  }

  function stopFollowing(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  /** A view shows this transcript until it calls the returned function. */
  function retain(id: string, accountId?: string): () => void {
    const key = transcriptKey(id, accountId)
    users.set(key, (users.get(key) ?? 0) + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (users.get(key) ?? 1) - 1
      if (left > 0) users.set(key, left)
      else users.delete(key)
      evictUnused()
    }
  }

  function evictUnused(): void {
    const unused = [...entries.value.keys()].filter((key) => !users.has(key))
    for (const key of unused.slice(0, Math.max(0, unused.length - KEPT_UNUSED))) {
      entries.value.delete(key)
      reads.delete(key)
      asked.delete(key)
    }
  }

  /** Asks main where to save, then writes; false when the person cancelled the dialog. */
  async function save(input: SaveTranscriptInput & InAccount): Promise<boolean> {
    return (await api.saveTranscript(input)).saved
  }

  return { entries, entry, open, requestFetch, follow, stopFollowing, retain, save }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useTranscriptsStore, import.meta.hot))
