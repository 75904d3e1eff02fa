import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'

/**
 * The CLI's `sync` in a child process of its own, as a person runs it, so a test can SIGKILL it
 * at any moment and see what the archive kept.
 */
export function spawnCliSync(
  options: { db: string; baseUrl: string; apiKey: string },
  ...flags: string[]
): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main/core/cli/main.ts',
      'sync',
      ...flags,
      '--json',
      '--db',
      options.db,
      '--base-url',
      options.baseUrl
    ],
    { env: { ...process.env, AUTOCALLS_API_KEY: options.apiKey }, stdio: 'pipe' }
  ) as ChildProcessWithoutNullStreams
}
