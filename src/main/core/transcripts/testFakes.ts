import type { ConversationDetail } from '../api/client'
import type { RequestPriority } from '../api/ratePacer'
import type {
  TranscriptCounts,
  TranscriptTarget,
  TranscriptTargetQuery,
  TranscriptToWrite
} from '../archive/archive'
import { SyncCancelledError } from '../errors'
import type { TranscriptMessage } from '../types'
import type { TranscriptWriter } from './backfillTranscripts'

/** A conversation as the fake archive holds it: its list fields and what was fetched. */
export interface FakeConversation {
  id: string
  createdAt: string
  messageCount: number | null
  updatedAt: string | null
  removed?: boolean
  transcript?: {
    messages: readonly TranscriptMessage[]
    messageCount: number | null
    updatedAt: string | null
  }
  notFound?: { messageCount: number | null; updatedAt: string | null }
}

/**
 * The transcript side of an archive in memory, with the rules the real one keeps: a target is a
 * live conversation never fetched (and not found gone since it last changed), or one whose list
 * fields changed since its fetch; newest first by (createdAt, id).
 */
export function fakeTranscriptWriter(conversations: FakeConversation[]): TranscriptWriter & {
  conversations: FakeConversation[]
  queries: TranscriptTargetQuery[]
} {
  // Looked up each time: a test adds conversations as a sync would.
  const byId = { get: (id: string) => conversations.find((c) => c.id === id) }
  const queries: TranscriptTargetQuery[] = []
  const changedSince = (
    c: FakeConversation,
    then: { messageCount: number | null; updatedAt: string | null }
  ): boolean => c.messageCount !== then.messageCount || c.updatedAt !== then.updatedAt
  const reason = (c: FakeConversation): TranscriptTarget['reason'] | 'current' | 'gone' => {
    if (c.notFound && !changedSince(c, c.notFound)) return 'gone'
    if (!c.transcript) return 'missing'
    return changedSince(c, c.transcript) ? 'stale' : 'current'
  }
  const inScope = (c: FakeConversation, createdFrom?: string | null): boolean =>
    !c.removed && (!createdFrom || c.createdAt >= createdFrom)
  const newestFirst = (a: FakeConversation, b: FakeConversation): number =>
    b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)
  const olderThan = (c: FakeConversation, key: { createdAt: string; id: string }): boolean =>
    c.createdAt < key.createdAt || (c.createdAt === key.createdAt && c.id < key.id)

  return {
    conversations,
    queries,
    async transcriptCounts(options) {
      const counts: TranscriptCounts = { missing: 0, stale: 0, current: 0, notFound: 0 }
      for (const c of conversations) {
        if (!inScope(c, options?.createdFrom)) continue
        const r = reason(c)
        counts[r === 'gone' ? 'notFound' : r]++
      }
      return counts
    },
    async transcriptTargets(query) {
      queries.push(query)
      return conversations
        .filter(
          (c) => inScope(c, query.createdFrom) && (query.before ? olderThan(c, query.before) : true)
        )
        .sort(newestFirst)
        .flatMap((c): TranscriptTarget[] => {
          const r = reason(c)
          if (r !== 'missing' && r !== 'stale') return []
          const { id, createdAt, messageCount, updatedAt } = c
          return [{ id, createdAt, messageCount, updatedAt, reason: r }]
        })
        .slice(0, query.limit)
    },
    async writeTranscript(transcript: TranscriptToWrite) {
      const c = byId.get(transcript.id)
      if (!c) throw new Error(`no conversation ${transcript.id}`)
      c.transcript = {
        messages: transcript.messages,
        messageCount: transcript.messageCount,
        updatedAt: transcript.updatedAt
      }
    },
    async markTranscriptNotFound(target) {
      const c = byId.get(target.id)
      if (!c) throw new Error(`no conversation ${target.id}`)
      c.notFound = { messageCount: target.messageCount, updatedAt: target.updatedAt }
    }
  }
}

/** `count` conversations a minute apart, the first the newest, none fetched. */
export function makeConversations(
  count: number,
  start = Date.parse('2025-03-01T12:00:00Z')
): FakeConversation[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `c${String(i).padStart(3, '0')}`,
    createdAt: new Date(start - i * 60_000).toISOString(),
    messageCount: 2,
    updatedAt: new Date(start - i * 60_000 + 30_000).toISOString()
  }))
}

export interface FakeCall {
  id: string
  priority: RequestPriority | undefined
}

/**
 * getConversation over a table of answers: an error to throw, else a two-message history. A
 * `gate` holds each request until the test lets it go.
 */
export function fakeClient(
  failures: Record<string, Error> = {},
  gate?: (signal?: AbortSignal) => Promise<void>
): {
  getConversation: (
    id: string,
    options?: { signal?: AbortSignal; priority?: RequestPriority }
  ) => Promise<ConversationDetail>
  calls: FakeCall[]
} {
  const calls: FakeCall[] = []
  return {
    calls,
    async getConversation(id, options) {
      calls.push({ id, priority: options?.priority })
      await gate?.(options?.signal)
      if (options?.signal?.aborted) throw new SyncCancelledError()
      const failure = failures[id]
      if (failure) throw failure
      return {
        history: historyOf(id),
        variables: null,
        external_identifier: null,
        whatsapp_sender: null,
        customer: null,
        rawJson: '{}'
      }
    }
  }
}

export function historyOf(id: string): TranscriptMessage[] {
  return [
    { role: 'user', content: `Hello from ${id}` },
    {
      role: 'assistant',
      content: 'Checking your order.',
      function_calls: [{ name: 'lookup', arguments: { id }, result: { ok: true } }]
    }
  ]
}

/** A pacer that knows the limit (60 a minute unless told) without pacing anything. */
export function fakePacer(
  limit: number | null = 60,
  windowMs = 60_000
): { limit: () => number | null; windowMs: number } {
  return { limit: () => limit, windowMs }
}
