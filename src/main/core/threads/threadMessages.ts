/** What a thread's program answers: first `ready`, then one reply per request, by id. */
export type ThreadReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; value: unknown }
  | ({ type: 'failed'; id: number } & ThreadFailure)

/** An error thrown on the thread, as it crosses back: enough to rebuild what the caller needs. */
export interface ThreadFailure {
  message: string
  /** The error was a UsageError: bad input, whose message is for the person who typed it. */
  usage: boolean
  /** SQLite's code (SQLITE_FULL, SQLITE_BUSY, …) when SQLite raised it. */
  code?: string
}

/** Every request carries an id and a type; `close` is one every thread understands. */
export interface ThreadRequest {
  id: number
  type: string
}
