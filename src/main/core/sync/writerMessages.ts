import type { CrawlCompletion, PageToWrite, PageWriteResult } from '../archive/archive'

/** What the sync sends the writer thread. */
export type WriterRequest =
  | { id: number; type: 'pages'; pages: PageToWrite[] }
  | { id: number; type: 'finishCrawl'; completion: CrawlCompletion }
  | { id: number; type: 'close' }

/** What the writer thread answers: first `ready`, then one reply per request, by id. */
export type WriterReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; results?: PageWriteResult[]; removed?: number }
  | { type: 'failed'; id: number; message: string; code?: string }

export interface WriterWorkerData {
  file: string
}
