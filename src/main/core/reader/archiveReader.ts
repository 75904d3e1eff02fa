import type { Archive } from '../archive/archive'

/** The archive's queries that a window asks for: each bounded, but some take tens of ms. */
export const READ_METHODS = [
  'search',
  'count',
  'get',
  'stats',
  'types',
  'assistants',
  'senders'
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

/** Reads on the calling thread, through an archive the caller keeps open (and closes). */
export function createInlineReader(archive: Archive): ArchiveReader {
  const reads = Object.fromEntries(
    READ_METHODS.map((method) => [
      method,
      async (...args: unknown[]) => (archive[method] as (...a: unknown[]) => unknown)(...args)
    ])
  ) as Reads
  return { ...reads, alive: () => true, close: async () => undefined }
}
