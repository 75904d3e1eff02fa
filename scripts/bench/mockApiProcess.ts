import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export const BENCH_API_KEY = 'bench-key'
const SERVE_SCRIPT = join(__dirname, '../../src/main/core/mockApi/serve.ts')
const READY_LINE = /Mock autocalls API on (http:\/\/127\.0\.0\.1:\d+)/

export interface MockApiProcess {
  url: string
  stop(): Promise<void>
}

/**
 * The mock API in a child process, so that serving a million rows (and holding them) costs the
 * benchmark's own process neither event-loop time nor memory: what is measured is the client side,
 * as it runs in the app.
 */
export async function startMockApiProcess(options: {
  rows: number
  seed: number
  latencyMs: number
  /** The newest row's time; the generator's fixed date by default. */
  now?: Date
}): Promise<MockApiProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      SERVE_SCRIPT,
      `--rows=${options.rows}`,
      `--seed=${options.seed}`,
      `--latency=${options.latencyMs}`,
      `--key=${BENCH_API_KEY}`,
      ...(options.now ? [`--now=${options.now.toISOString()}`] : [])
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const url = await readyUrl(child)
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    }
  }
}

function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('The mock API process has no stdout.'))
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      const match = READY_LINE.exec(line)
      if (match) resolve(match[1])
    })
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`The mock API process exited (${code}).`)))
  })
}
