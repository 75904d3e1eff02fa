import { parentPort } from 'node:worker_threads'
import { UsageError } from '../errors'
import type { ThreadFailure, ThreadReply, ThreadRequest } from './threadMessages'

/**
 * A thread's program: answers each request with what `answer` returns, in the order they came,
 * one at a time; a `close` request calls `close` and ends the thread's port. Reports ready first.
 */
export function serveThread<Request extends ThreadRequest>(
  answer: (request: Exclude<Request, { type: 'close' }>) => unknown,
  close: () => void
): void {
  if (!parentPort) throw new Error('This program runs as a worker thread.')
  const port = parentPort
  const reply = (message: ThreadReply): void => port.postMessage(message)
  let work = Promise.resolve()

  port.on('message', (request: Request) => {
    work = work.then(async () => {
      try {
        if (request.type === 'close') {
          close()
          reply({ type: 'done', id: request.id, value: null })
          port.close()
          return
        }
        const value = await answer(request as Exclude<Request, { type: 'close' }>)
        reply({ type: 'done', id: request.id, value })
      } catch (error) {
        reply({ type: 'failed', id: request.id, ...describeFailure(error) })
      }
    })
  })
  reply({ type: 'ready' })
}

function describeFailure(error: unknown): ThreadFailure {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown }
  return {
    usage: error instanceof UsageError,
    message: typeof message === 'string' ? message : String(error),
    code: typeof code === 'string' ? code : undefined
  }
}
