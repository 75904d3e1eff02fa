import type { ArchiveReader } from '../reader/archiveReader'
import { CONVERSATION_TYPES } from '../types'
import type { Implementations } from './handlerTable'

/** Counting stops here, so a count never scans the whole archive. */
export const COUNT_CAP = 10_000

type QueryMethod = 'search' | 'countConversations' | 'getStats' | 'getInsights' | 'getFilterOptions'

/**
 * The window's queries, each answered by the current archive's reader, never the writer; the
 * dashboard's by a reader of its own, so a search typed meanwhile does not wait behind it.
 */
export function createQueryHandlers(
  reader: () => Promise<ArchiveReader>,
  analyticReader: () => Promise<ArchiveReader> = reader
): Implementations<QueryMethod> {
  return {
    search: async (input) => (await reader()).search(input),

    async countConversations(input) {
      const count = await (await reader()).count(input, COUNT_CAP)
      return { count, capped: count >= COUNT_CAP }
    },

    getStats: async () => (await reader()).stats(),
    getInsights: async (input) => (await analyticReader()).insights(input),

    async getFilterOptions() {
      const archive = await reader()
      const [present, assistants, senders] = await Promise.all([
        archive.types(),
        archive.assistants(),
        archive.senders()
      ])
      const types = [
        ...CONVERSATION_TYPES,
        ...present.filter((t) => !CONVERSATION_TYPES.some((k) => k === t))
      ]
      return { types, assistants, senders }
    }
  }
}
