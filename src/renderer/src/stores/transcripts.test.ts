import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import type { IpcResult, TranscriptFetch } from '@shared/ipc/contract'
import type { ArchivedTranscript } from '../../../shared/model/transcript'
import { describeTranscript } from '../lib/transcriptState'
import { idleSync, installFakeApi, message, ok, transcript } from '../test/fakeApi'
import { useSyncStore } from './sync'
import { KEPT_UNUSED, useTranscriptsStore } from './transcripts'

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined
  const promise = new Promise<T>((settle) => (resolve = settle))
  return { promise, resolve }
}

const NEVER_FETCHED: Partial<ArchivedTranscript> = { messages: null, fetched_at: null }

beforeEach(() => setActivePinia(createPinia()))

describe('transcripts store', () => {
  it('shows a current archived copy without asking the server', async () => {
    const { api } = installFakeApi()
    const store = useTranscriptsStore()
    await store.open('c1')
    expect(store.entry('c1')?.transcript?.messages).toHaveLength(2)
    expect(api.fetchTranscript).not.toHaveBeenCalled()
  })

  it('fetches a missing transcript, and reads the archive again when the event says it is in', async () => {
    let archivedCopy = transcript('c1', NEVER_FETCHED)
    const { api, emitTranscriptFetch } = installFakeApi({
      getTranscript: vi.fn(() => ok(archivedCopy))
    })
    const store = useTranscriptsStore()
    store.follow()
    await store.open('c1')
    expect(api.fetchTranscript).toHaveBeenCalledWith({ id: 'c1' })
    expect(store.entry('c1')?.fetch?.phase).toBe('fetching')
    expect(store.entry('c1')?.transcript?.messages).toBeNull()

    archivedCopy = transcript('c1', { messages: [message('user', 'Fresh')] })
    emitTranscriptFetch({ id: 'c1', phase: 'done', error: null })
    await vi.waitFor(() =>
      expect(store.entry('c1')?.transcript?.messages?.[0]?.content).toBe('Fresh')
    )
    expect(store.entry('c1')?.fetch?.phase).toBe('done')
  })

  it('shows a stale copy at once, and replaces it when the fresh one arrives', async () => {
    let archivedCopy = transcript('c1', { stale: true, messages: [message('user', 'Old')] })
    const { emitTranscriptFetch } = installFakeApi({
      getTranscript: vi.fn(() => ok(archivedCopy))
    })
    const store = useTranscriptsStore()
    store.follow()
    await store.open('c1')
    expect(store.entry('c1')?.transcript?.messages?.[0]?.content).toBe('Old')
    archivedCopy = transcript('c1', { messages: [message('user', 'Old'), message('user', 'New')] })
    emitTranscriptFetch({ id: 'c1', phase: 'done', error: null })
    await vi.waitFor(() => expect(store.entry('c1')?.transcript?.messages).toHaveLength(2))
  })

  it('keeps the outcome an event told when the call’s own answer comes later', async () => {
    const answer = deferred<IpcResult<TranscriptFetch>>()
    const { emitTranscriptFetch } = installFakeApi({
      getTranscript: vi.fn(() => ok(transcript('c1', NEVER_FETCHED))),
      fetchTranscript: vi.fn(() => answer.promise)
    })
    const store = useTranscriptsStore()
    store.follow()
    const opening = store.open('c1')
    await vi.waitFor(() => expect(store.entry('c1')?.fetch?.phase).toBe('fetching'))
    const failed: TranscriptFetch = {
      id: 'c1',
      phase: 'failed',
      error: { code: 'offline', message: 'The server cannot be reached.' }
    }
    emitTranscriptFetch(failed)
    answer.resolve({ ok: true, value: { id: 'c1', phase: 'fetching', error: null } })
    await opening
    expect(store.entry('c1')?.fetch).toEqual(failed)
  })

  it('records a fetch that could not even be asked as failed', async () => {
    installFakeApi({
      getTranscript: vi.fn(() => ok(transcript('c1', NEVER_FETCHED))),
      fetchTranscript: vi.fn(() =>
        Promise.resolve<IpcResult<TranscriptFetch>>({
          ok: false,
          error: { code: 'no-key', message: 'No API key.' }
        })
      )
    })
    const store = useTranscriptsStore()
    await store.open('c1')
    await vi.waitFor(() => expect(store.entry('c1')?.fetch?.phase).toBe('failed'))
    expect(store.entry('c1')?.fetch?.error?.code).toBe('no-key')
  })

  it('says offline when the connection drops after a transcript was fetched', async () => {
    let archivedCopy = transcript('c1', { stale: true })
    const { emitTranscriptFetch, emitSyncStatus } = installFakeApi({
      getTranscript: vi.fn(() => ok(archivedCopy))
    })
    const sync = useSyncStore()
    sync.follow(idleSync({ online: true }))
    const store = useTranscriptsStore()
    store.follow()
    const release = store.retain('c1')
    await store.open('c1')
    archivedCopy = transcript('c1')
    emitTranscriptFetch({ id: 'c1', phase: 'done', error: null })
    await vi.waitFor(() => expect(store.entry('c1')?.transcript?.stale).toBe(false))
    const said = () => describeTranscript(store.entry('c1')!, sync.online)?.kind ?? 'current'
    expect(said()).toBe('current')

    emitSyncStatus(idleSync({ online: false }))
    await vi.waitFor(() => expect(said()).toBe('offline'))
    release()
  })

  it('keeps a fetch’s word when it succeeded after the sync last said offline', async () => {
    let archivedCopy = transcript('c1', { stale: true })
    const { emitTranscriptFetch } = installFakeApi({
      getTranscript: vi.fn(() => ok(archivedCopy))
    })
    const sync = useSyncStore()
    sync.follow(idleSync({ online: false }))
    const store = useTranscriptsStore()
    store.follow()
    await store.open('c1')
    archivedCopy = transcript('c1')
    emitTranscriptFetch({ id: 'c1', phase: 'done', error: null })
    await vi.waitFor(() => expect(store.entry('c1')?.transcript?.stale).toBe(false))
    await nextTick()
    expect(describeTranscript(store.entry('c1')!, sync.online)).toBeNull()
  })

  it('back online, forgets a fetch that failed offline and fetches what a view shows', async () => {
    const { api, emitTranscriptFetch, emitSyncStatus } = installFakeApi({
      getTranscript: vi.fn(() => ok(transcript('c1', NEVER_FETCHED)))
    })
    const sync = useSyncStore()
    sync.follow(idleSync({ online: false }))
    const store = useTranscriptsStore()
    store.follow()
    const release = store.retain('c1')
    await store.open('c1')
    emitTranscriptFetch({
      id: 'c1',
      phase: 'failed',
      error: { code: 'offline', message: 'The server cannot be reached.' }
    })
    await vi.waitFor(() => expect(store.entry('c1')?.fetch?.phase).toBe('failed'))
    expect(api.fetchTranscript).toHaveBeenCalledTimes(1)

    emitSyncStatus(idleSync({ online: true }))
    await vi.waitFor(() => expect(api.fetchTranscript).toHaveBeenCalledTimes(2))
    expect(store.entry('c1')?.fetch?.phase).toBe('fetching')
    release()
  })

  it('ignores fetch events about transcripts it does not show', () => {
    const { emitTranscriptFetch } = installFakeApi()
    const store = useTranscriptsStore()
    store.follow()
    emitTranscriptFetch({ id: 'elsewhere', phase: 'done', error: null })
    expect(store.entry('elsewhere')).toBeNull()
  })

  it('keeps every transcript a view shows, and only the latest few nobody shows', async () => {
    installFakeApi()
    const store = useTranscriptsStore()
    const release = store.retain('shown')
    await store.open('shown')
    for (let index = 0; index < KEPT_UNUSED + 5; index++) await store.open(`c${index}`)
    expect(store.entry('shown')).not.toBeNull()
    expect(store.entry('c0')).toBeNull()
    expect(store.entry(`c${KEPT_UNUSED + 4}`)).not.toBeNull()
    expect(store.entries.size).toBe(KEPT_UNUSED + 1)
    release()
    expect(store.entry('shown')).toBeNull()
  })

  it('reads and fetches another account’s transcript from that account, kept apart', async () => {
    const { api, emitTranscriptFetch } = installFakeApi({
      getTranscript: vi.fn(({ id, accountId }) =>
        ok(accountId === 'beta' ? transcript(id, NEVER_FETCHED) : transcript(id))
      )
    })
    const store = useTranscriptsStore()
    store.follow()
    await store.open('c1')
    await store.open('c1', 'beta')
    expect(api.getTranscript).toHaveBeenCalledWith({ id: 'c1' })
    expect(api.getTranscript).toHaveBeenCalledWith({ id: 'c1', accountId: 'beta' })
    expect(api.fetchTranscript).toHaveBeenCalledTimes(1)
    expect(api.fetchTranscript).toHaveBeenCalledWith({ id: 'c1', accountId: 'beta' })
    expect(store.entry('c1')?.transcript?.messages).toHaveLength(2)
    expect(store.entry('c1', 'beta')?.transcript?.messages).toBeNull()
    expect(store.entry('c1', 'beta')?.fetch?.phase).toBe('fetching')
    // An event without an account is the shown account's, not beta's.
    emitTranscriptFetch({ id: 'c1', phase: 'failed', error: { code: 'offline', message: 'x' } })
    await nextTick()
    expect(store.entry('c1')?.fetch?.phase).toBe('failed')
    expect(store.entry('c1', 'beta')?.fetch?.phase).toBe('fetching')
    // Beta's names beta: its fresh copy is read from beta's archive.
    emitTranscriptFetch({ id: 'c1', accountId: 'beta', phase: 'done', error: null })
    await vi.waitFor(() => expect(store.entry('c1', 'beta')?.fetch?.phase).toBe('done'))
    expect(store.entry('c1')?.fetch?.phase).toBe('failed')
    expect(api.getTranscript).toHaveBeenLastCalledWith({ id: 'c1', accountId: 'beta' })
  })

  it('saves through main, which asks where', async () => {
    const { api } = installFakeApi({ saveTranscript: vi.fn(() => ok({ saved: false })) })
    const store = useTranscriptsStore()
    expect(await store.save({ id: 'c1', format: 'json' })).toBe(false)
    expect(api.saveTranscript).toHaveBeenCalledWith({ id: 'c1', format: 'json' })
  })
})
