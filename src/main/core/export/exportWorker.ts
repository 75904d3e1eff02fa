import { parentPort, workerData } from 'node:worker_threads'
import { openArchive } from '../archive/openArchive'
import { UsageError } from '../errors'
import type { ExportCancel, ExportReport, ExportWorkerData } from './exportMessages'
import { exportToFile } from './exportToFile'
import { ExportCancelledError } from './exportTypes'

/**
 * The export thread's program: one export on a read-only connection of its own, so neither the
 * window's searches (on the reader thread) nor the main process's event loop wait for it.
 */
const { file, request, path } = workerData as ExportWorkerData
if (!parentPort) throw new Error('This program runs as a worker thread.')
const port = parentPort
const report = (message: ExportReport): void => port.postMessage(message)
const controller = new AbortController()
port.on('message', (message: ExportCancel) => {
  if (message.type === 'cancel') controller.abort()
})

async function run(): Promise<void> {
  const archive = openArchive(file, { readonly: true })
  try {
    const summary = await exportToFile(archive, request, {
      path,
      signal: controller.signal,
      onProgress: (progress) => report({ type: 'progress', progress })
    })
    report({ type: 'done', summary })
  } finally {
    archive.close()
  }
}

run()
  .catch((error: unknown) => {
    const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown }
    report({
      type: 'failed',
      cancelled: error instanceof ExportCancelledError,
      usage: error instanceof UsageError,
      message: typeof message === 'string' ? message : String(error),
      code: typeof code === 'string' ? code : undefined
    })
  })
  .finally(() => port.close())
