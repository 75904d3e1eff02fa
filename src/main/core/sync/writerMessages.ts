import type { CrawlCompletion, PageToWrite } from '../archive/archive'

/** What the sync sends the writer thread; each is answered in order (see serveThread.ts). */
export type WriterRequest =
  | { id: number; type: 'pages'; pages: PageToWrite[] }
  | { id: number; type: 'finishCrawl'; completion: CrawlCompletion }
  | { id: number; type: 'close' }

export interface WriterWorkerData {
  file: string
}
