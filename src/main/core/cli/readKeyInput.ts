import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { CoreError, UsageError } from '../errors'
import type { CliEnvironment } from './cliContext'

/** Where the echo of a typed key goes: nowhere, so the key never shows on the screen. */
function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done()
    }
  })
}

/** A line typed at a terminal, behind a prompt on stderr, not echoed. */
function typedLine(
  input: NodeJS.ReadableStream,
  prompt: NodeJS.WritableStream,
  question: string
): Promise<string> {
  const lines = createInterface({ input, output: discard(), terminal: true })
  prompt.write(question)
  return new Promise((resolve, reject) => {
    let answered = false
    const finish = (settle: () => void): void => {
      if (answered) return
      answered = true
      prompt.write('\n')
      lines.close()
      settle()
    }
    lines.once('line', (line) => finish(() => resolve(line)))
    // The terminal is in raw mode meanwhile, so Ctrl+C arrives here rather than as a signal.
    lines.once('SIGINT', () =>
      finish(() => reject(new CoreError('Cancelled: no account was added.')))
    )
    lines.once('close', () => finish(() => resolve('')))
  })
}

/** The first line of piped input; '' when there is none. */
async function firstLine(input: NodeJS.ReadableStream): Promise<string> {
  const lines = createInterface({ input, crlfDelay: Infinity })
  for await (const line of lines) return line
  return ''
}

/**
 * A new account's key: $AUTOCALLS_API_KEY, else one line of standard input (typed at a prompt
 * that does not echo it, or piped). Never an argument, which would land in the shell's history
 * and in `ps` for everyone on the machine to read.
 */
export async function readKeyInput(context: CliEnvironment, accountName: string): Promise<string> {
  const fromEnv = context.env['AUTOCALLS_API_KEY']?.trim()
  if (fromEnv) return fromEnv
  const input = context.stdin
  const line = !input
    ? ''
    : input.isTTY
      ? await typedLine(input, context.stderr, `API key for "${accountName}" (not shown): `)
      : await firstLine(input)
  const key = line.trim()
  if (key) return key
  throw new UsageError(
    'No API key was given: set AUTOCALLS_API_KEY, or write the key as one line on standard input.'
  )
}
