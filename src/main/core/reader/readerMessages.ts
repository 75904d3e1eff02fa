import type { ReadMethod } from './archiveReader'

/** What the main process sends the reader thread; each is answered in order (see serveThread.ts). */
export type ReaderRequest =
  { id: number; type: 'read'; method: ReadMethod; args: unknown[] } | { id: number; type: 'close' }

export interface ReaderWorkerData {
  file: string
}
