import type { ApiConversationJson } from '../api/conversationSchema'
import { generateConversation } from './generateConversations'
import type { MockApiOptions } from './mockApiServer'

const DEFAULT_ROWS = 200

/** The mock's rows, oldest first, each with the increasing key its cursors name. */
export interface Store {
  /** Ascending, so the newest row is last and `add` is a push. */
  keys: number[]
  rows: ApiConversationJson[]
  keyById: Map<string, number>
  nextKey: number
}

export function createStore(options: MockApiOptions): Store {
  const newestFirst =
    options.conversations ??
    Array.from({ length: options.rows ?? DEFAULT_ROWS }, (_, i) =>
      generateConversation(i, {
        seed: options.seed,
        total: options.rows ?? DEFAULT_ROWS,
        now: options.now
      })
    )
  const store: Store = { keys: [], rows: [], keyById: new Map(), nextKey: 1 }
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const row = newestFirst[i]
    if (store.keyById.has(row.id)) throw new Error(`Mock API: duplicate conversation id ${row.id}`)
    const key = store.nextKey++
    store.keys.push(key)
    store.rows.push(options.conversations ? { ...row } : row)
    store.keyById.set(row.id, key)
  }
  return store
}

/** The index of the first key >= `key` (keys ascend). */
export function lowerBound(keys: readonly number[], key: number): number {
  let low = 0
  let high = keys.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (keys[mid] < key) low = mid + 1
    else high = mid
  }
  return low
}
