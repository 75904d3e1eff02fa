import { Worker } from 'node:worker_threads'
import type { CrawlCompletion, PageWriteResult } from '../archive/archive'
import { CoreError } from '../errors'
import { createPageBatcher, type ArchiveWriter } from './archiveWriter'
import type { WriterReply, WriterRequest, WriterWorkerData } from './writerMessages'

/**
 * V8 gives a thread a young generation of up to 48 MB, which a writer handed a few thousand
 * rows at a time filled before collecting: 25 MB less memory for the same speed.
 */
const WRITER_LIMITS = { maxYoungGenerationSizeMb: 8 }

type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never

/** A failure the writer thread reported: the write it was doing was rolled back. */
export class ArchiveWriteError extends CoreError {
  constructor(
    message: string,
    /** SQLite's code (SQLITE_FULL, SQLITE_BUSY, …) when SQLite raised it. */
    readonly code?: string
  ) {
    super(`Writing to the archive failed: ${message}`)
  }
}

/**
 * Starts a writer thread for the archive file: its program is writerWorker.ts, built or run
 * from source. A `.ts` entry is loaded through tsx, as the CLI, the tests and the benchmarks
 * run; the app passes the bundle electron-vite built from it. Resolves once the thread has
 * opened the archive, or rejects with why it could not.
 */
export function startWriterThread(file: string, entry: string): Promise<ArchiveWriter> {
  const workerData: WriterWorkerData = { file }
  const worker = entry.endsWith('.ts')
    ? new Worker(
        `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();` +
          `require(${JSON.stringify(entry)})`,
        { eval: true, workerData, resourceLimits: WRITER_LIMITS }
      )
    : new Worker(entry, { workerData, resourceLimits: WRITER_LIMITS })

  const waiting = new Map<
    number,
    { resolve: (reply: WriterReply) => void; reject: (error: Error) => void }
  >()
  let nextId = 1
  let ended: Error | null = null
  const end = (error: Error): void => {
    ended ??= error
    for (const { reject } of waiting.values()) reject(ended)
    waiting.clear()
  }

  function request(message: Unsent<WriterRequest>): Promise<WriterReply> {
    if (ended) return Promise.reject(ended)
    const id = nextId++
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject })
      worker.postMessage({ ...message, id })
    })
  }

  worker.on('message', (reply: WriterReply) => {
    if (reply.type === 'ready') return
    const pending = waiting.get(reply.id)
    waiting.delete(reply.id)
    if (reply.type === 'failed') pending?.reject(new ArchiveWriteError(reply.message, reply.code))
    else pending?.resolve(reply)
  })

  const batcher = createPageBatcher(async (pages) => {
    const reply = await request({ type: 'pages', pages })
    return (reply as { results: PageWriteResult[] }).results
  })
  const writer: ArchiveWriter = {
    writePage: batcher.writePage,
    writeMs: batcher.writeMs,
    async finishCrawl(completion: CrawlCompletion) {
      await batcher.idle()
      const reply = await request({ type: 'finishCrawl', completion })
      return (reply as { removed: number }).removed
    },
    async close() {
      await batcher.idle().catch(() => undefined)
      if (!ended) await request({ type: 'close' }).catch(() => undefined)
      await worker.terminate()
    }
  }

  return new Promise((resolve, reject) => {
    worker.once('message', (reply: WriterReply) => {
      if (reply.type === 'ready') resolve(writer)
    })
    worker.on('error', (error) => {
      end(new ArchiveWriteError(error.message))
      reject(ended)
    })
    worker.on('exit', (code) => {
      end(new ArchiveWriteError(`the writer thread stopped (exit code ${code})`))
      reject(ended)
    })
  })
}
