import { runCli } from './runCli'

const controller = new AbortController()
// The first Ctrl+C cancels cleanly (the archive keeps every finished page); a second one exits.
process.once('SIGINT', () => {
  controller.abort()
  process.once('SIGINT', () => process.exit(130))
})
process.once('SIGTERM', () => controller.abort())

void runCli(
  process.argv.slice(2),
  { env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  controller.signal
).then((code) => {
  process.exitCode = code
})
