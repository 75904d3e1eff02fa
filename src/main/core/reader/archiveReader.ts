import type { Archive } from '../archive/archive'

/** The archive's queries that a window asks for: each bounded, but some take tens of ms. */
export const READ_METHODS = [
  'search',
  'count',
  'get',
  'stats',
  'insights',
  'types',
  'assistants',
  'senders',
  'transcript',
  'customer'
] as const

export type ReadMethod = (typeof READ_METHODS)[number]

type Reads = {
  [M in ReadMethod]: (...args: Parameters<Archive[M]>) => Promise<ReturnType<Archive[M]>>
}

/** The archive's read queries, answered asynchronously: on a reader thread or, failing that, inline. */
export interface ArchiveReader extends Reads {
  /** False once a reader thread has stopped: its queries then fail, and a new reader is needed. */
  alive(): boolean
  close(): Promise<void>
}

/** Runs one read query on an open archive: what a reader does with each request. */
export function runRead(archive: Archive, method: ReadMethod, args: readonly unknown[]): unknown {
  return (archive[method] as (...a: readonly unknown[]) => unknown)(...args)
}

/** Every read query, each answered by `read`: on this thread or by a reader thread. */
export function readsThrough(
  read: (method: ReadMethod, args: unknown[]) => Promise<unknown>
): Reads {
  return Object.fromEntries(
    READ_METHODS.map((method) => [method, (...args: unknown[]) => read(method, args)])
  ) as Reads
}

/** Reads on the calling thread, through an archive the caller keeps open (and closes). */
export function createInlineReader(archive: Archive): ArchiveReader {
  return {
    ...readsThrough(async (method, args) => runRead(archive, method, args)),
    alive: () => true,
    close: async () => undefined
  }
}
