import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  AuthError,
  ConversationNotFoundError,
  ServerUnavailableError,
  SyncCancelledError
} from '../errors'
import {
  fakeClient,
  fakePacer,
  fakeTranscriptWriter,
  historyOf,
  makeConversations,
  type FakeConversation
} from './testFakes'
import { ConversationNotArchivedError, NoApiKeyError } from './transcriptErrors'
import {
  createTranscriptJobs,
  type BackfillJobStatus,
  type BackfillSettings,
  type TranscriptAccount,
  type TranscriptFetchState,
  type TranscriptJobs
} from './transcriptJobs'

/** Requests that wait until the test lets them go one at a time; an abort fails them. */
function heldRequests(): {
  gate: (signal?: AbortSignal) => Promise<void>
  release: () => void
  waiting: () => number
} {
  const waiting: (() => void)[] = []
  return {
    gate: (signal) =>
      new Promise<void>((resolve, reject) => {
        waiting.push(resolve)
        const abandon = (): void => {
          waiting.splice(waiting.indexOf(resolve), 1)
          reject(new SyncCancelledError())
        }
        signal?.addEventListener('abort', abandon, { once: true })
      }),
    release: () => waiting.shift()?.(),
    waiting: () => waiting.length
  }
}

interface Setup {
  jobs: TranscriptJobs
  conversations: FakeConversation[]
  statuses: BackfillJobStatus[]
  fetches: TranscriptFetchState[]
  backfill: ReturnType<typeof fakeClient>
  opened: ReturnType<typeof fakeClient>
  settings: BackfillSettings
  /** Resolves with the first status, seen before or after, that matches. */
  waitForStatus(predicate: (status: BackfillJobStatus) => boolean): Promise<BackfillJobStatus>
}

let open: TranscriptJobs[] = []
afterEach(async () => {
  for (const jobs of open) await jobs.close()
  open = []
})

function setup(
  options: {
    conversations?: FakeConversation[]
    backfill?: ReturnType<typeof fakeClient>
    opened?: ReturnType<typeof fakeClient>
    settings?: BackfillSettings
    noKey?: boolean
    /** Holds each pass's count of what is left until it lets go. */
    countGate?: () => Promise<void>
  } = {}
): Setup {
  const conversations = options.conversations ?? makeConversations(5)
  const backfill = options.backfill ?? fakeClient()
  const opened = options.opened ?? fakeClient()
  const fake = fakeTranscriptWriter(conversations)
  const writer: typeof fake = {
    ...fake,
    async transcriptCounts(query) {
      await options.countGate?.()
      return fake.transcriptCounts(query)
    }
  }
  const settings = options.settings ?? { enabled: true, days: null }
  const statuses: BackfillJobStatus[] = []
  const fetches: TranscriptFetchState[] = []
  const account: TranscriptAccount = {
    backfillClient: backfill,
    openedClient: opened,
    pacer: fakePacer(60),
    writer,
    listed: async (id) => {
      const found = conversations.find((c) => c.id === id)
      return found ? { messageCount: found.messageCount, updatedAt: found.updatedAt } : null
    }
  }
  const jobs = createTranscriptJobs({
    account: async () => (options.noKey ? null : account),
    settings: () => settings,
    onStatus: (status) => statuses.push(status),
    onFetch: (fetch) => fetches.push(fetch),
    now: () => new Date('2025-03-01T12:30:00Z')
  })
  open.push(jobs)
  return {
    jobs,
    conversations,
    statuses,
    fetches,
    backfill,
    opened,
    settings,
    waitForStatus: (predicate) =>
      vi.waitFor(() => {
        const found = statuses.find(predicate)
        if (!found) throw new Error('not yet')
        return found
      })
  }
}

const fetched = (conversations: FakeConversation[]): string[] =>
  conversations.filter((c) => c.transcript).map((c) => c.id)

describe('transcript jobs: the backfill', () => {
  it('runs a pass after a sync and ends idle with N of N', async () => {
    const { jobs, statuses, waitForStatus, conversations } = setup()
    expect(jobs.status()).toMatchObject({ phase: 'idle', done: 0, total: 0 })
    jobs.afterSync()
    const finished = await waitForStatus((s) => s.phase === 'idle' && s.done === 5)
    expect(finished).toEqual({
      phase: 'idle',
      done: 5,
      total: 5,
      remainingMs: 0,
      requestsPerMinute: 60,
      lastError: null
    })
    expect(statuses[0]).toMatchObject({ phase: 'running', done: 0 })
    expect(
      statuses.some((s) => s.phase === 'running' && s.total === 5 && s.remainingMs === 5000)
    ).toBe(true)
    expect(fetched(conversations)).toHaveLength(5)
  })

  it('is off when the setting is, and starts when it is turned on', async () => {
    const setupOff = setup({ settings: { enabled: false, days: null } })
    const { jobs, backfill, settings, waitForStatus } = setupOff
    expect(jobs.status().phase).toBe('off')
    jobs.afterSync()
    expect((await jobs.resume()).phase).toBe('off')
    expect(backfill.calls).toEqual([])

    settings.enabled = true
    expect((await jobs.settingsChanged()).phase).toBe('running')
    await waitForStatus((s) => s.phase === 'idle' && s.done === 5)
  })

  it('stops a running pass when turned off', async () => {
    const held = heldRequests()
    const { jobs, settings, backfill } = setup({ backfill: fakeClient({}, held.gate) })
    jobs.afterSync()
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    settings.enabled = false
    expect(await jobs.settingsChanged()).toMatchObject({ phase: 'off', lastError: null })
    expect(backfill.calls).toHaveLength(1)
  })

  it('pauses, stays paused through a sync, and resumes where it stopped', async () => {
    const held = heldRequests()
    const { jobs, backfill, conversations, waitForStatus } = setup({
      backfill: fakeClient({}, held.gate)
    })
    jobs.afterSync()
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    held.release()
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    const paused = await jobs.pause()
    expect(paused).toMatchObject({ phase: 'paused', done: 1, lastError: null })
    expect(fetched(conversations)).toEqual(['c000'])

    jobs.afterSync()
    await jobs.pause()
    expect(backfill.calls).toHaveLength(2)

    // The run goes on: "1 of 5" does not start over at "0 of 4".
    const resumed = await jobs.resume()
    expect(resumed).toMatchObject({ phase: 'running', done: 1, total: 5 })
    for (let i = 0; i < 4; i++) {
      await vi.waitFor(() => expect(held.waiting()).toBe(1))
      held.release()
    }
    await waitForStatus((s) => s.phase === 'idle' && s.done === 5 && s.total === 5)
    expect(backfill.calls.map((call) => call.id)).toEqual([
      'c000',
      'c001',
      'c001',
      'c002',
      'c003',
      'c004'
    ])
  })

  it('goes on with the run\'s N of M after a pause: resumed, "3 of 8" stays "3 of 8"', async () => {
    const held = heldRequests()
    const { jobs, statuses, waitForStatus } = setup({
      conversations: makeConversations(8),
      backfill: fakeClient({}, held.gate)
    })
    jobs.afterSync()
    for (let i = 0; i < 3; i++) {
      await vi.waitFor(() => expect(held.waiting()).toBe(1))
      held.release()
    }
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    expect(await jobs.pause()).toMatchObject({ phase: 'paused', done: 3, total: 8 })

    const seenBefore = statuses.length
    expect(await jobs.resume()).toMatchObject({ phase: 'running', done: 3, total: 8 })
    for (let i = 0; i < 5; i++) {
      await vi.waitFor(() => expect(held.waiting()).toBe(1))
      held.release()
    }
    await waitForStatus((s) => s.phase === 'idle' && s.done === 8)
    const afterResume = statuses.slice(seenBefore)
    expect(afterResume.every((s) => s.total === 8 && s.done >= 3)).toBe(true)
    expect(afterResume.map((s) => s.done)).toEqual([3, 3, 4, 5, 6, 7, 8, 8])
  })

  it("goes on with the run's figures after a pass stopped by an error", async () => {
    let offline = true
    const backfill = fakeClient()
    const flaky: typeof backfill = {
      ...backfill,
      getConversation: (id, options) =>
        offline && id === 'c002'
          ? Promise.reject(new ServerUnavailableError('kept failing'))
          : backfill.getConversation(id, options)
    }
    const { jobs, waitForStatus } = setup({ backfill: flaky })
    jobs.afterSync()
    await waitForStatus((s) => s.phase === 'idle' && s.lastError !== null)
    expect(jobs.status()).toMatchObject({ done: 2, total: 5 })

    offline = false
    jobs.afterSync()
    expect(await waitForStatus((s) => s.phase === 'idle' && s.done === 5)).toMatchObject({
      total: 5,
      lastError: null
    })

    // That run is over: the next one counts anew.
    jobs.afterSync()
    await vi.waitFor(() => expect(jobs.status()).toMatchObject({ phase: 'idle', done: 0 }))
  })

  it('says the total as soon as it is counted, and 0 only while truly unknown', async () => {
    const counting = heldRequests()
    const held = heldRequests()
    const { jobs, conversations } = setup({
      backfill: fakeClient({}, held.gate),
      countGate: () => counting.gate()
    })

    // A new run: nothing is known while it counts.
    jobs.afterSync()
    await vi.waitFor(() => expect(counting.waiting()).toBe(1))
    expect(jobs.status()).toMatchObject({ phase: 'running', done: 0, total: 0 })
    counting.release()
    // Counted: the total shows before the first transcript arrives.
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    expect(jobs.status()).toMatchObject({ phase: 'running', done: 0, total: 5 })
    held.release()
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    expect(jobs.status()).toMatchObject({ done: 1, total: 5 })

    // A sync mid-pass: the next pass shows "1 of 5" while it counts, then the new total.
    conversations.push({
      id: 'new',
      createdAt: '2025-03-01T12:20:00.000Z',
      messageCount: 1,
      updatedAt: '2025-03-01T12:20:00.000Z'
    })
    jobs.afterSync()
    await vi.waitFor(() => expect(counting.waiting()).toBe(1))
    expect(jobs.status()).toMatchObject({ phase: 'running', done: 1, total: 5 })
    counting.release()
    await vi.waitFor(() => expect(jobs.status()).toMatchObject({ done: 1, total: 6 }))

    // Paused and resumed: "1 of 6" while it counts again, never "0 of 0".
    await jobs.pause()
    await jobs.resume()
    await vi.waitFor(() => expect(counting.waiting()).toBe(1))
    expect(jobs.status()).toMatchObject({ phase: 'running', done: 1, total: 6 })
    counting.release()
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    expect(jobs.status()).toMatchObject({ phase: 'running', done: 1, total: 6 })
  })

  it('starts a new run when the span of days changes', async () => {
    const held = heldRequests()
    const { jobs, settings } = setup({ backfill: fakeClient({}, held.gate) })
    jobs.afterSync()
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    held.release()
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    await jobs.pause()
    settings.days = 3650
    await jobs.settingsChanged()
    expect(await jobs.resume()).toMatchObject({ phase: 'running', done: 0, total: 0 })
    await vi.waitFor(() => expect(jobs.status()).toMatchObject({ done: 0, total: 4 }))
  })

  it('starts over from the newest when a sync ends mid-pass, keeping its count', async () => {
    const held = heldRequests()
    const { jobs, backfill, conversations, waitForStatus } = setup({
      backfill: fakeClient({}, held.gate)
    })
    jobs.afterSync()
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    held.release()
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    // The sync brought a conversation newer than any.
    conversations.push({
      id: 'new',
      createdAt: '2025-03-01T12:20:00.000Z',
      messageCount: 1,
      updatedAt: '2025-03-01T12:20:00.000Z'
    })
    jobs.afterSync()
    await vi.waitFor(() => expect(backfill.calls.at(-1)?.id).toBe('new'))
    expect(jobs.status()).toMatchObject({ phase: 'running', done: 1, total: 1 + 5 })
    for (let i = 0; i < 5; i++) {
      await vi.waitFor(() => expect(held.waiting()).toBe(1))
      held.release()
    }
    await waitForStatus((s) => s.phase === 'idle' && s.done === 6 && s.total === 6)
  })

  it('fetches only conversations of the last N days when the setting says so', async () => {
    const conversations = makeConversations(3, Date.parse('2025-03-01T12:00:00Z'))
    conversations[2]!.createdAt = '2025-01-01T00:00:00.000Z'
    const { jobs, backfill, waitForStatus } = setup({
      conversations,
      settings: { enabled: true, days: 30 }
    })
    jobs.afterSync()
    await waitForStatus((s) => s.phase === 'idle' && s.done === 2)
    expect(backfill.calls.map((call) => call.id)).toEqual(['c000', 'c001'])
  })

  it('shows why a pass stopped: offline, or the key refused', async () => {
    const offline = setup({
      backfill: fakeClient({ c001: new ServerUnavailableError('kept failing') })
    })
    offline.jobs.afterSync()
    const stopped = await offline.waitForStatus((s) => s.phase === 'idle' && s.lastError !== null)
    expect(stopped).toMatchObject({ done: 1, total: 5, remainingMs: null })
    expect(stopped.lastError).toBeInstanceOf(ServerUnavailableError)

    const refused = setup({ backfill: fakeClient({ c000: new AuthError(401) }) })
    refused.jobs.afterSync()
    const denied = await refused.waitForStatus((s) => s.lastError !== null)
    expect(denied.lastError).toBeInstanceOf(AuthError)
  })

  it('says no key when resumed without one', async () => {
    const { jobs, waitForStatus } = setup({ noKey: true })
    await jobs.resume()
    const stopped = await waitForStatus((s) => s.lastError !== null)
    expect(stopped.phase).toBe('idle')
    expect(stopped.lastError).toBeInstanceOf(NoApiKeyError)
  })
})

describe('transcript jobs: the transcript the person opened', () => {
  it('fetches it at once at foreground priority and says fetching, then done', async () => {
    const { jobs, opened, fetches, conversations } = setup()
    const answer = await jobs.fetchNow('c003')
    expect(answer).toEqual({ id: 'c003', phase: 'fetching', error: null })
    await vi.waitFor(() => expect(fetches.at(-1)?.phase).toBe('done'))
    expect(fetches).toEqual([
      { id: 'c003', phase: 'fetching', error: null },
      { id: 'c003', phase: 'done', error: null }
    ])
    expect(opened.calls).toEqual([{ id: 'c003', priority: 'foreground' }])
    expect(conversations[3]!.transcript).toEqual({
      messages: historyOf('c003'),
      messageCount: conversations[3]!.messageCount,
      updatedAt: conversations[3]!.updatedAt
    })
  })

  it('asks once for a transcript already being fetched', async () => {
    const held = heldRequests()
    const { jobs, opened, fetches } = setup({ opened: fakeClient({}, held.gate) })
    await jobs.fetchNow('c001')
    await jobs.fetchNow('c001')
    await vi.waitFor(() => expect(held.waiting()).toBe(1))
    held.release()
    await vi.waitFor(() => expect(fetches.at(-1)?.phase).toBe('done'))
    expect(opened.calls).toHaveLength(1)
  })

  it('records a conversation the server no longer has and says not-found', async () => {
    const conversations = makeConversations(2)
    conversations[0]!.transcript = { messages: [], messageCount: 1, updatedAt: null }
    const gone = new ConversationNotFoundError(404, 'Conversation not found')
    const { jobs, fetches } = setup({ conversations, opened: fakeClient({ c000: gone }) })
    await jobs.fetchNow('c000')
    await vi.waitFor(() => expect(fetches.at(-1)?.phase).toBe('failed'))
    expect(fetches.at(-1)?.error).toBeInstanceOf(ConversationNotFoundError)
    expect(conversations[0]!.notFound).toBeDefined()
    expect(conversations[0]!.transcript?.messages).toEqual([])
  })

  it('says offline when the server cannot be reached', async () => {
    const offline = new ServerUnavailableError('kept failing')
    const { jobs, fetches } = setup({ opened: fakeClient({ c000: offline }) })
    await jobs.fetchNow('c000')
    await vi.waitFor(() => expect(fetches.at(-1)?.phase).toBe('failed'))
    expect(fetches.at(-1)?.error).toBeInstanceOf(ServerUnavailableError)
  })

  it('refuses an id the archive does not hold, and a fetch without a key', async () => {
    await expect(setup().jobs.fetchNow('nope')).rejects.toBeInstanceOf(ConversationNotArchivedError)
    await expect(setup({ noKey: true }).jobs.fetchNow('c000')).rejects.toBeInstanceOf(NoApiKeyError)
  })

  it('cancels its fetches and the pass when closed', async () => {
    const held = heldRequests()
    const { jobs, fetches, backfill } = setup({
      backfill: fakeClient({}, held.gate),
      opened: fakeClient({}, held.gate)
    })
    jobs.afterSync()
    await jobs.fetchNow('c004')
    await vi.waitFor(() => expect(held.waiting()).toBe(2))
    await jobs.close()
    expect(fetches.at(-1)).toMatchObject({ id: 'c004', phase: 'failed' })
    expect(fetches.at(-1)?.error).toBeInstanceOf(SyncCancelledError)
    await jobs.resume()
    jobs.afterSync()
    await jobs.pause()
    expect(backfill.calls).toHaveLength(1)
  })
})
