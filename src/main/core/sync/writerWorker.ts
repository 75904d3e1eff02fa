import { parentPort, workerData } from 'node:worker_threads'
import { openArchive } from '../archive/openArchive'
import { finishCrawl } from './archiveWriter'
import type { WriterReply, WriterRequest, WriterWorkerData } from './writerMessages'

/**
 * The writer thread's program: its own connection to the archive, which writes what the sync
 * hands it while the thread that started it stays free to answer searches. Requests are
 * answered in the order they came.
 */
if (!parentPort) throw new Error('writerWorker runs as a worker thread.')
const port = parentPort
const { file } = workerData as WriterWorkerData
const archive = openArchive(file)

const reply = (message: WriterReply): void => port.postMessage(message)
let work = Promise.resolve()

port.on('message', (request: WriterRequest) => {
  work = work.then(() => answer(request))
})
reply({ type: 'ready' })

async function answer(request: WriterRequest): Promise<void> {
  try {
    switch (request.type) {
      case 'pages':
        reply({ type: 'done', id: request.id, results: archive.writePages(request.pages) })
        return
      case 'finishCrawl':
        reply({
          type: 'done',
          id: request.id,
          removed: await finishCrawl(archive, request.completion)
        })
        return
      case 'close':
        archive.close()
        reply({ type: 'done', id: request.id })
        port.close()
        return
    }
  } catch (error) {
    const { message, code } = error as { message?: unknown; code?: unknown }
    reply({
      type: 'failed',
      id: request.id,
      message: typeof message === 'string' ? message : String(error),
      code: typeof code === 'string' ? code : undefined
    })
  }
}
