import { workerData } from 'node:worker_threads'
import { openArchive } from '../archive/openArchive'
import { serveThread } from '../threads/serveThread'
import { finishCrawl } from './archiveWriter'
import type { WriterRequest, WriterWorkerData } from './writerMessages'

/**
 * The writer thread's program: its own connection to the archive, which writes what the sync
 * hands it while the thread that started it stays free to answer searches.
 */
const { file } = workerData as WriterWorkerData
const archive = openArchive(file)

serveThread<WriterRequest>(
  (request) => {
    switch (request.type) {
      case 'pages':
        return archive.writePages(request.pages)
      case 'finishCrawl':
        return finishCrawl(archive, request.completion)
      case 'writeTranscript':
        return archive.writeTranscript(request.transcript)
      case 'markTranscriptNotFound':
        return archive.markTranscriptNotFound(request.target, request.at)
      case 'transcriptTargets':
        return archive.transcriptTargets(request.query)
      case 'transcriptCounts':
        return archive.transcriptCounts(request.options)
    }
  },
  () => archive.close()
)
