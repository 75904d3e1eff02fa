import { Worker, type ResourceLimits } from 'node:worker_threads'
import type { ThreadFailure, ThreadReply, ThreadRequest } from './threadMessages'

export interface StartThreadOptions {
  /** The program: a built `.js` file, or a `.ts` source file run through tsx. */
  entry: string
  workerData: unknown
  resourceLimits?: ResourceLimits
  /** What a failure the thread reports, or the thread's own end, becomes for the caller. */
  toError(failure: ThreadFailure): Error
}

type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never

/** The caller's side of a thread that answers requests in order (see serveThread.ts). */
export interface ThreadConnection<Request extends ThreadRequest> {
  /** Resolves with the thread's answer, or rejects with toError of its failure or its end. */
  request(message: Unsent<Request>): Promise<unknown>
  /** Whether the thread has ended (it failed to run, exited, or was terminated). */
  ended(): boolean
  /** Asks the thread to close what it holds, then stops it. */
  close(): Promise<void>
}

/**
 * A worker thread running `entry`: a built `.js` file, or a `.ts` source file loaded through
 * tsx, as the CLI, the tests and the benchmarks run.
 */
export function createWorker(
  entry: string,
  workerData: unknown,
  resourceLimits?: ResourceLimits
): Worker {
  return entry.endsWith('.ts')
    ? new Worker(
        `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();` +
          `require(${JSON.stringify(entry)})`,
        { eval: true, workerData, resourceLimits }
      )
    : new Worker(entry, { workerData, resourceLimits })
}

/**
 * Starts a worker thread and resolves once its program reports ready, or rejects with why it
 * could not start. A `.ts` entry is loaded through tsx, as the CLI, the tests and the benchmarks
 * run; the app passes the bundles electron-vite builds from the same sources.
 */
export function startThread<Request extends ThreadRequest>(
  options: StartThreadOptions
): Promise<ThreadConnection<Request>> {
  const { entry, workerData, resourceLimits, toError } = options
  const worker = createWorker(entry, workerData, resourceLimits)

  const waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >()
  let nextId = 1
  let endedWith: Error | null = null
  const end = (error: Error): void => {
    endedWith ??= error
    for (const { reject } of waiting.values()) reject(endedWith)
    waiting.clear()
  }

  function request(message: Unsent<Request>): Promise<unknown> {
    if (endedWith) return Promise.reject(endedWith)
    const id = nextId++
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject })
      worker.postMessage({ ...message, id })
    })
  }

  worker.on('message', (reply: ThreadReply) => {
    if (reply.type === 'ready') return
    const pending = waiting.get(reply.id)
    waiting.delete(reply.id)
    if (reply.type === 'failed') pending?.reject(toError(reply))
    else pending?.resolve(reply.value)
  })

  const connection: ThreadConnection<Request> = {
    request,
    ended: () => endedWith !== null,
    async close() {
      if (!endedWith) await request({ type: 'close' } as Unsent<Request>).catch(() => undefined)
      await worker.terminate()
    }
  }

  return new Promise((resolve, reject) => {
    worker.once('message', (reply: ThreadReply) => {
      if (reply.type === 'ready') resolve(connection)
    })
    worker.on('error', (error) => {
      end(toError({ message: error.message, usage: false }))
      reject(endedWith)
    })
    worker.on('exit', (code) => {
      end(toError({ message: `the thread stopped (exit code ${code})`, usage: false }))
      reject(endedWith)
    })
  })
}
