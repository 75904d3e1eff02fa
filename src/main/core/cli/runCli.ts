import { CoreError, describeError } from '../errors'
import type { CliEnvironment } from './cliContext'
import {
  runAccountsAddCommand,
  runAccountsCommand,
  runAccountsRemoveCommand
} from './commands/accountsCommands'
import { runHistoryCommand, runShowCommand, runStatsCommand } from './commands/archiveCommands'
import { runExportCommand } from './commands/exportCommand'
import { runSearchCommand } from './commands/searchCommand'
import { runSyncCommand } from './commands/syncCommand'
import { USAGE, parseCommandLine } from './parseCommandLine'

/** Runs one CLI command and returns its exit code; errors become one line on stderr. */
export async function runCli(
  argv: string[],
  context: CliEnvironment,
  signal: AbortSignal = new AbortController().signal
): Promise<number> {
  try {
    const command = parseCommandLine(argv)
    switch (command.name) {
      case 'help':
        context.stdout.write(`${USAGE}\n`)
        break
      case 'sync':
        await runSyncCommand(command, context, signal)
        break
      case 'search':
        await runSearchCommand(command, context)
        break
      case 'export':
        await runExportCommand(command, context, signal)
        break
      case 'show':
        runShowCommand(command, context)
        break
      case 'history':
        runHistoryCommand(command, context)
        break
      case 'stats':
        runStatsCommand(command, context)
        break
      case 'accounts':
        runAccountsCommand(command, context)
        break
      case 'accounts add':
        await runAccountsAddCommand(command, context, signal)
        break
      case 'accounts remove':
        await runAccountsRemoveCommand(command, context)
        break
    }
    return 0
  } catch (error) {
    if (error instanceof CoreError) {
      context.stderr.write(`error: ${error.message}\n`)
      return error.exitCode
    }
    context.stderr.write(`error: unexpected failure: ${describeError(error)}\n`)
    if (context.env['DEBUG']) context.stderr.write(`${(error as Error).stack ?? ''}\n`)
    return 1
  }
}
