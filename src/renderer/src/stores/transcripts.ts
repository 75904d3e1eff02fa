import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref, watch } from 'vue'
import type { IpcErrorInfo, SaveTranscriptInput, TranscriptFetch } from '@shared/ipc/contract'
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
 * The transcripts shown in the detail pane and the customer view, by conversation id. Opening
 * one shows the archived copy at once and asks main for a fresh one when it is missing or
 * stale; main answers at once and tells the outcome through `transcriptFetch` events, after
 * which the archive is read again. A fetch's outcome says whether the server could be reached
 * only until the sync store says otherwise: the newer word wins.
 */
export const useTranscriptsStore = defineStore('transcripts', () => {
  // Insertion order is recency of use: the oldest unused entries are dropped first.
  const entries = ref(new Map<string, TranscriptEntry>())
  // How many mounted views show each id; those are never dropped.
  const users = new Map<string, number>()
  // The latest read of each id, so an older answer never replaces a newer one.
  const reads = new Map<string, number>()
  // The fetch asked for each id, until its outcome is known.
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
      for (const [id, target] of entries.value) {
        if (!users.has(id) || asked.has(id) || !target.transcript) continue
        if (needsFetch(target.transcript)) void requestFetch(id)
      }
    }
  )

  function ensure(id: string): TranscriptEntry {
    const existing = entries.value.get(id)
    if (existing) {
      // Used again: move it to the newest end.
      entries.value.delete(id)
      entries.value.set(id, existing)
      return entries.value.get(id)!
    }
    entries.value.set(id, {
      id,
      transcript: null,
      loaded: false,
      loading: false,
      error: null,
      fetch: null
    })
    evictUnused()
    return entries.value.get(id)!
  }

  function entry(id: string): TranscriptEntry | null {
    return entries.value.get(id) ?? null
  }

  async function read(id: string): Promise<void> {
    const mine = (reads.get(id) ?? 0) + 1
    reads.set(id, mine)
    const target = entries.value.get(id) ?? ensure(id)
    target.loading = true
    try {
      const transcript = await api.getTranscript(id)
      if (reads.get(id) !== mine) return
      // Replaced whole, never edited: a thousand messages need no reactive proxies.
      target.transcript = transcript === null ? null : markRaw(transcript)
      target.error = null
    } catch (failure) {
      if (reads.get(id) !== mine) return
      target.error = errorInfo(failure)
    } finally {
      if (reads.get(id) === mine) {
        target.loading = false
        target.loaded = true
      }
    }
  }

  /** The archived copy at once; then a fresh one when it is missing or stale. */
  async function open(id: string): Promise<void> {
    ensure(id)
    await read(id)
    const current = entries.value.get(id)
    if (!current?.transcript || asked.has(id)) return
    if (needsFetch(current.transcript)) await requestFetch(id)
  }

  async function requestFetch(id: string): Promise<void> {
    const target = entries.value.get(id) ?? ensure(id)
    const token = {}
    asked.set(id, token)
    target.fetch = { id, phase: 'fetching', error: null }
    let answer: TranscriptFetch
    try {
      answer = await api.fetchTranscript(id)
    } catch (failure) {
      answer = { id, phase: 'failed', error: errorInfo(failure) }
    }
    // An event may have told the outcome before the answer arrived: it is the newer word.
    if (asked.get(id) !== token) return
    applyFetch(answer)
  }

  function applyFetch(fetch: TranscriptFetch): void {
    const target = entries.value.get(fetch.id)
    if (!target) return
    target.fetch = fetch
    if (fetch.phase === 'fetching') return
    asked.delete(fetch.id)
    // Done: the fresh copy is archived. Failed: the archive may now record "not found".
    void read(fetch.id)
  }

  /** Takes the main process's word on every transcript fetch from now on. */
  function follow(): void {
    unsubscribe?.()
    unsubscribe = api.onTranscriptFetch(applyFetch)
  }

  function stopFollowing(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  /** A view shows this transcript until it calls the returned function. */
  function retain(id: string): () => void {
    users.set(id, (users.get(id) ?? 0) + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (users.get(id) ?? 1) - 1
      if (left > 0) users.set(id, left)
      else users.delete(id)
      evictUnused()
    }
  }

  function evictUnused(): void {
    const unused = [...entries.value.keys()].filter((id) => !users.has(id))
    for (const id of unused.slice(0, Math.max(0, unused.length - KEPT_UNUSED))) {
      entries.value.delete(id)
      reads.delete(id)
      asked.delete(id)
    }
  }

  /** Asks main where to save, then writes; false when the person cancelled the dialog. */
  async function save(input: SaveTranscriptInput): Promise<boolean> {
    return (await api.saveTranscript(input)).saved
  }

  return { entries, entry, open, requestFetch, follow, stopFollowing, retain, save }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useTranscriptsStore, import.meta.hot))
