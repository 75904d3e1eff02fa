import type { CliEnvironment } from './cliContext'

export type Report = (line: string, final?: boolean) => void

/** Progress lines on stderr: rewritten in place on a terminal, at most one a second otherwise. */
export function progressReporter(stderr: CliEnvironment['stderr']): Report {
  let lastPrinted = 0
  let lastLine = ''
  return (line, final = false) => {
    if (stderr.isTTY) {
      stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`)
    } else if (line !== lastLine && (final || Date.now() - lastPrinted >= 1000)) {
      // Off a terminal every line stays, so the same line is never written twice.
      stderr.write(`${line}\n`)
      lastPrinted = Date.now()
      lastLine = line
    }
  }
}
