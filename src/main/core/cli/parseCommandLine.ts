import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from '../errors'

export const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  sync [--quick] [--messages] [--json]
                                   Mirror the account's conversations into the archive;
                                   --messages then fetches missing and changed transcripts
  search [filters] [--json]        Search the archive (offline)
      --phone T          any 3+ digits of the customer's phone, in any spelling
      --type T           test | widget | whatsapp | api
      --assistant-id ID  --sender-phone T  --external-id T
      --text T           words in names, variables and archived messages;
                         "a quoted phrase" as a phrase
      --from DATE --to DATE            created-at range (YYYY-MM-DD or ISO-8601)
      --removed include|exclude|only   conversations the server no longer returns
      --limit N          how many, newest first (default 50); rows stream out
  export --format csv|jsonl [--out FILE] [filters] [--limit N] [--transcripts]
                                   Every conversation the filters (as for search)
                                   admit, or all: CSV or JSON Lines, to stdout or
                                   to FILE (complete or absent; progress on stderr);
                                   --transcripts adds the archived transcripts (for
                                   CSV, text files in FILE's folder FILE-transcripts)
  show ID [--json]                 One conversation
  history ID [--json]              Its archived transcript
  stats [filters but --limit] [--json]
                                   Counts and costs of what the filters (as for
                                   search) admit: per type, assistant, WhatsApp
                                   sender, day (by_day in UTC days) and period,
                                   top customers, AI-enabled share, messages

Options for every command:
  --db FILE          the archive (default: the app's archive for the base URL)
  --base-url URL     the API (default: $AUTOCALLS_BASE_URL or https://app.autocalls.ai)
  -h, --help

The API key comes from $AUTOCALLS_API_KEY or from the keychain entry the app saves.`

const common = {
  db: { type: 'string' },
  'base-url': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

/** The search's filters, which every command that reads a filtered set takes. */
const filterFlags = {
  phone: { type: 'string' },
  type: { type: 'string' },
  'assistant-id': { type: 'string' },
  'sender-phone': { type: 'string' },
  'external-id': { type: 'string' },
  text: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  removed: { type: 'string' }
} as const

/** The filters and how many rows: for the commands that list conversations. */
const searchFilters = { ...filterFlags, limit: { type: 'string' } } as const

const optionsByCommand = {
  sync: { ...common, quick: { type: 'boolean' }, messages: { type: 'boolean' } },
  search: { ...common, ...searchFilters },
  export: {
    ...common,
    ...searchFilters,
    format: { type: 'string' },
    out: { type: 'string' },
    transcripts: { type: 'boolean' }
  },
  show: common,
  history: common,
  stats: { ...common, ...filterFlags }
} as const satisfies Record<string, ParseArgsConfig['options']>

type CommandName = keyof typeof optionsByCommand
type Values<C extends CommandName> = ReturnType<
  typeof parseArgs<{ options: (typeof optionsByCommand)[C]; strict: true }>
>['values']

export type ParsedCommand =
  | { name: 'help' }
  | { name: 'sync'; values: Values<'sync'> }
  | { name: 'search'; values: Values<'search'> }
  | { name: 'export'; values: Values<'export'> }
  | { name: 'show'; values: Values<'show'>; id: string }
  | { name: 'history'; values: Values<'history'>; id: string }
  | { name: 'stats'; values: Values<'stats'> }

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(optionsByCommand, name)
}

export function parseCommandLine(argv: string[]): ParsedCommand {
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    return { name: 'help' }
  }
  if (!isCommandName(name)) throw new UsageError(`Unknown command "${name}".\n\n${USAGE}`)

  let parsed
  try {
    parsed = parseArgs({
      args: rest,
      options: optionsByCommand[name],
      strict: true,
      allowPositionals: name === 'show' || name === 'history'
    })
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`)
  }
  if (parsed.values.help) return { name: 'help' }

  switch (name) {
    case 'show':
    case 'history': {
      const [id, ...extra] = parsed.positionals
      if (id === undefined || extra.length > 0) {
        throw new UsageError(`${name} takes exactly one conversation id.\n\n${USAGE}`)
      }
      return { name, values: parsed.values, id }
    }
    case 'sync':
      return { name, values: parsed.values as Values<'sync'> }
    case 'search':
      return { name, values: parsed.values as Values<'search'> }
    case 'export':
      return { name, values: parsed.values as Values<'export'> }
    case 'stats':
      return { name, values: parsed.values as Values<'stats'> }
  }
}
