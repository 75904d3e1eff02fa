import type {
  CrawlCompletion,
  PageToWrite,
  TranscriptTargetQuery,
  TranscriptToWrite
} from '../archive/archive'

/** What the sync sends the writer thread; each is answered in order (see serveThread.ts). */
export type WriterRequest =
  | { id: number; type: 'pages'; pages: PageToWrite[] }
  | { id: number; type: 'finishCrawl'; completion: CrawlCompletion }
  | { id: number; type: 'writeTranscript'; transcript: TranscriptToWrite }
  | {
      id: number
      type: 'markTranscriptNotFound'
      target: Omit<TranscriptToWrite, 'messages' | 'fetchedAt'>
      at: string
    }
  | { id: number; type: 'transcriptTargets'; query: TranscriptTargetQuery }
  | { id: number; type: 'transcriptCounts'; options?: { createdFrom?: string | null } }
  | { id: number; type: 'close' }

export interface WriterWorkerData {
  file: string
}
