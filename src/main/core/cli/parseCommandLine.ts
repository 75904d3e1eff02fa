import { parseArgs, type ParseArgsConfig } from 'node:util'
import { accountNameSchema } from '../../../shared/model/account'
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
      --all-accounts     every account's archive, merged newest first, each
                         result naming its account (without --account, --db
                         and --base-url)
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
  accounts [--json]                The accounts: name, API, archive, conversations
                                   and last sync; the first is the default
  accounts add NAME [--base-url URL]
                                   Add an account (API default: $AUTOCALLS_BASE_URL
                                   or https://app.autocalls.ai); its key is read from
                                   $AUTOCALLS_API_KEY or one line of standard input,
                                   checked with the API and saved in the keychain
  accounts remove NAME [--delete-archive]
                                   Remove an account and its key from the keychain;
                                   its archive is kept unless --delete-archive

Options for the other commands:
  --account NAME     the account (default: the first one "accounts" lists)
  --db FILE          the archive (default: the account's archive for the API)
  --base-url URL     the API (default: the account's; without --account,
                     $AUTOCALLS_BASE_URL first)
  -h, --help

The API key comes from $AUTOCALLS_API_KEY or from the account's keychain entry.`

const common = {
  account: { type: 'string' },
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
  search: { ...common, ...searchFilters, 'all-accounts': { type: 'boolean' } },
  export: {
    ...common,
    ...searchFilters,
    format: { type: 'string' },
    out: { type: 'string' },
    transcripts: { type: 'boolean' }
  },
  show: common,
  history: common,
  stats: { ...common, ...filterFlags },
  accounts: {
    json: { type: 'boolean' },
    'base-url': { type: 'string' },
    'delete-archive': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  }
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
  | { name: 'accounts'; json: boolean }
  | { name: 'accounts add'; accountName: string; baseUrl: string | undefined }
  | { name: 'accounts remove'; accountName: string; deleteArchive: boolean }

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
      allowPositionals: name === 'show' || name === 'history' || name === 'accounts'
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
      return { name, values: parsed.values as Values<'show'>, id }
    }
    case 'sync':
      return { name, values: parsed.values as Values<'sync'> }
    case 'search':
      return { name, values: parsed.values as Values<'search'> }
    case 'export':
      return { name, values: parsed.values as Values<'export'> }
    case 'stats':
      return { name, values: parsed.values as Values<'stats'> }
    case 'accounts':
      return accountsCommand(parsed.positionals, parsed.values as Values<'accounts'>)
  }
}

/** `accounts`, `accounts add NAME` or `accounts remove NAME`, each with only its own flags. */
function accountsCommand(positionals: string[], values: Values<'accounts'>): ParsedCommand {
  const [action, accountName, ...extra] = positionals
  const refuse = (message: string): never => {
    throw new UsageError(`${message}\n\n${USAGE}`)
  }
  const flagsOnly = (allowed: readonly string[]): void => {
    const other = Object.keys(values).find((flag) => !allowed.includes(flag))
    if (other) refuse(`accounts${action ? ` ${action}` : ''} does not take --${other}.`)
  }
  if (action === undefined) {
    flagsOnly(['json'])
    return { name: 'accounts', json: values.json ?? false }
  }
  if (action !== 'add' && action !== 'remove') {
    return refuse(`Unknown accounts command "${action}": use add or remove.`)
  }
  if (accountName === undefined || extra.length > 0) {
    return refuse(`accounts ${action} takes exactly one account name.`)
  }
  if (action === 'remove') {
    flagsOnly(['delete-archive'])
    return {
      name: 'accounts remove',
      accountName,
      deleteArchive: values['delete-archive'] ?? false
    }
  }
  flagsOnly(['base-url'])
  const checked = accountNameSchema.safeParse(accountName)
  if (!checked.success) {
    throw new UsageError(`The account name ${checked.error.issues[0]?.message ?? 'is not valid'}.`)
  }
  return { name: 'accounts add', accountName: checked.data, baseUrl: values['base-url'] }
}
