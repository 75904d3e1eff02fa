import { Worker } from 'node:worker_threads'

/**
 * The worker's whole program. It is plain CommonJS passed as source, so no bundler has to know
 * about a second entry file; the SQLite driver is loaded from the path the opening thread
 * resolved, which holds in the tests, the CLI and the packaged app alike.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
// However the worker ends, the thread waiting in stop() hears of it.
process.on('exit', () => {
  Atomics.store(workerData.closed, 0, 1)
  Atomics.notify(workerData.closed, 0)
})
const Database = require(workerData.driver)
const db = new Database(workerData.file, { timeout: 0 })
db.pragma('synchronous = NORMAL')
const checkpoint = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)')
    if (result.log > 0) parentPort.postMessage({ type: 'checkpoint', frames: result.log, copied: result.checkpointed })
  } catch (error) {
    // Busy: another connection is checkpointing or the file is locked; the next tick retries.
    if (error.code !== 'SQLITE_BUSY' && error.code !== 'SQLITE_LOCKED') throw error
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message !== 'stop') return
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export interface CheckpointResult {
  /** Frames in the write-ahead log when the checkpoint ran. */
  frames: number
  /** How many of them are now in the database file. */
  copied: number
}

export interface CheckpointWorker {
  /** Called after each checkpoint that found frames in the log. */
  onCheckpoint(listener: (result: CheckpointResult) => void): void
  /** Called once if the worker cannot run; the writer's own checkpoints carry on without it. */
  onFailure(listener: (error: Error) => void): void
  /**
   * Stops the worker and waits until its connection is closed (a few ms; at most
   * STOP_TIMEOUT_MS), so that whoever closes the archive next is its last connection: the one
   * that folds the log into the file and leaves it unlocked for the next program to open.
   */
  stop(): void
}

export const CHECKPOINT_INTERVAL_MS = 250
/** A checkpoint in progress finishes first; a dozen MB of log takes well under this. */
const STOP_TIMEOUT_MS = 10_000

/**
 * Copies the write-ahead log into the database file from a worker thread. A checkpoint ends in
 * two fsyncs, which on a busy disk took 100 to 160 ms when the connection committing a sync's
 * pages ran it over 40 MB of log: the longest freeze of the main process's event loop. With
 * this worker copying and syncing the log several times a second, that connection's own
 * checkpoint, still needed (see openArchive), finds almost nothing left to do.
 */
export function startCheckpointWorker(
  file: string,
  options: { intervalMs?: number; driver?: string } = {}
): CheckpointWorker {
  const closed = new Int32Array(new SharedArrayBuffer(4))
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      closed,
      file,
      driver: options.driver ?? require.resolve('better-sqlite3'),
      intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS
    }
  })
  const checkpointListeners: ((result: CheckpointResult) => void)[] = []
  const failureListeners: ((error: Error) => void)[] = []
  let stopped = false
  let failed = false
  const fail = (error: Error): void => {
    if (stopped || failed) return
    failed = true
    for (const listener of failureListeners) listener(error)
  }
  worker.on('message', (message: { type: string } & CheckpointResult) => {
    if (message.type === 'checkpoint') {
      for (const listener of checkpointListeners)
        listener({ frames: message.frames, copied: message.copied })
    }
  })
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`The checkpoint worker stopped (exit code ${code}).`)))
  // The app quits without waiting for the next checkpoint: SQLite recovers the log on open.
  // After the listeners: adding one to the worker's port refs it again.
  worker.unref()
  return {
    onCheckpoint: (listener) => checkpointListeners.push(listener),
    onFailure: (listener) => failureListeners.push(listener),
    stop() {
      if (stopped) return
      stopped = true
      worker.postMessage('stop')
      // Blocking is right here: closing happens on quit or when the archive changes, and the
      // close that follows must not race the worker for the file.
      Atomics.wait(closed, 0, 0, STOP_TIMEOUT_MS)
    }
  }
}
