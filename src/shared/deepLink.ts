import { z } from 'zod'
import { accountNameSchema } from './model/account'

/**
 * `conversation-browser://` links from other programs (a CRM, a softphone, a ticket) name a view
 * of the app: `conversation-browser://customer/+14155559876` opens the customer view of that
 * number, and so on for each address the app has (see the renderer's router.ts):
 *
 *   customer/<phone>            -> #/customer/<phone>  (also ?accounts=all or current)
 *   conversation/<id>           -> #/conversation/<id>
 *   search?q=TEXT&type=…        -> #/search?q=TEXT&type=…
 *   dashboard?range=90d&…       -> #/dashboard?range=90d&…
 *   settings                    -> #/settings
 *
 * Each of them takes `account=NAME`, which opens it in that account (as `?account=NAME` does).
 *
 * A link is input from outside, written by anyone: this is the one parser, and it accepts only
 * what it can name. Anything else (another scheme, an unknown host, `..` or an encoded slash in
 * the path, a user or port, a fragment, control characters, malformed percent-encoding, a link
 * longer than any real one) is rejected with a reason, and the app then goes nowhere.
 * A `+` stays a plus, as in a path: links carry phone numbers, not form data.
 */

export const DEEP_LINK_SCHEME = 'conversation-browser'
/** Far above any real link (a search of 200 characters, every filter, all escaped). */
export const MAX_DEEP_LINK_LENGTH = 2048

export type DeepLinkResult = { ok: true; address: string } | { ok: false; reason: string }

const PREFIX = `${DEEP_LINK_SCHEME}://`
// host, then an optional path, then an optional query; no fragment, no user, no port.
const LINK_SHAPE = /^([a-z]+)(\/[^?#]*)?(?:\?([^#]*))?$/
const PERCENT_ESCAPES = /%(?![0-9A-Fa-f]{2})/

/** C0 and C1 controls, DEL, and the bidirectional overrides that can disguise text. */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true
  }
  return false
}

const textValue = z
  .string()
  .min(1)
  .max(200)
  .refine((value) => !hasControlCharacter(value), 'has a control character')
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a day (YYYY-MM-DD)')
const conversationId = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'is not a conversation id')
const phone = z
  .string()
  .regex(/^\+?[\d\s().-]{3,40}$/, 'is not a phone number')
  .refine((value) => value.replace(/\D/g, '').length >= 3, 'has too few digits')

// An account as it is named: one line of at most 60 characters, no control character.
const account = accountNameSchema.refine(
  (value) => !hasControlCharacter(value),
  'has a control character'
)
const searchParams = z.strictObject({
  account: account.optional(),
  q: textValue.optional(),
  type: textValue.optional(),
  assistant: textValue.optional(),
  sender: textValue.optional(),
  external: textValue.optional(),
  from: day.optional(),
  to: day.optional(),
  removed: z.enum(['include', 'exclude', 'only']).optional(),
  open: conversationId.optional()
})
const dashboardParams = searchParams
  .omit({ open: true })
  .extend({ range: z.enum(['7d', '30d', '90d', 'year', 'all']).optional() })
const accountOnly = z.strictObject({ account: account.optional() })
// Every account's conversations with the number, or the current account's only (the customer
// view's "All accounts"); without it, the view's default.
const customerParams = accountOnly.extend({
  accounts: z.enum(['all', 'current']).optional()
})

/** Each host: whether it takes one path segment (and its schema), and its query's schema. */
const HOSTS = {
  customer: { segment: phone, params: customerParams },
  conversation: { segment: conversationId, params: accountOnly },
  search: { segment: null, params: searchParams },
  dashboard: { segment: null, params: dashboardParams },
  settings: { segment: null, params: accountOnly }
} as const satisfies Record<string, { segment: z.ZodType<string> | null; params: z.ZodType }>

type Host = keyof typeof HOSTS

function isHost(value: string): value is Host {
  return Object.hasOwn(HOSTS, value)
}

function reject(reason: string): DeepLinkResult {
  return { ok: false, reason }
}

/** Percent-decoded text, or null where the escapes are malformed or decode to no valid UTF-8. */
function decode(text: string): string | null {
  if (PERCENT_ESCAPES.test(text)) return null
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

function parseQuery(raw: string | undefined): Record<string, string> | string {
  // A Map, not an object: a parameter named __proto__ must stay a parameter (and be refused).
  const params = new Map<string, string>()
  if (raw !== undefined && raw !== '') {
    for (const pair of raw.split('&')) {
      const at = pair.indexOf('=')
      const key = decode(at === -1 ? pair : pair.slice(0, at))
      const value = decode(at === -1 ? '' : pair.slice(at + 1))
      if (key === null || value === null) return 'malformed percent-encoding in the query'
      if (params.has(key)) return `the parameter "${key.slice(0, 20)}" is repeated`
      params.set(key, value)
    }
  }
  return Object.fromEntries(params)
}

function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0]
  if (issue?.code === 'unrecognized_keys') return 'an unknown parameter'
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')} ` : ''
  return `${where}${issue?.message ?? 'is not valid'}`
}

/** Maps a link to the app's address for it (the part after `#`), or says why it is refused. */
export function parseDeepLink(link: unknown): DeepLinkResult {
  if (typeof link !== 'string') return reject('not text')
  if (link.length > MAX_DEEP_LINK_LENGTH)
    return reject(`longer than ${MAX_DEEP_LINK_LENGTH} characters`)
  if (link.slice(0, PREFIX.length).toLowerCase() !== PREFIX)
    return reject('not a conversation-browser:// link')
  if (hasControlCharacter(link)) return reject('a control character')
  const shape = LINK_SHAPE.exec(link.slice(PREFIX.length))
  if (!shape) return reject('not host/path?query (a user, port, fragment or odd character)')
  const [, hostName = '', rawPath = '', rawQuery] = shape
  if (!isHost(hostName)) return reject(`unknown view "${hostName.slice(0, 20)}"`)
  const host = HOSTS[hostName]

  // One segment at most, and a trailing slash (which some launchers add) is no segment.
  const segments = rawPath.split('/').slice(1)
  if (segments.at(-1) === '') segments.pop()
  if (segments.some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) return reject('a dot segment')
  if (segments.some((segment) => /%(2f|5c)/i.test(segment) || segment.includes('\\'))) {
    return reject('an encoded slash')
  }
  let path = `/${hostName}`
  if (host.segment === null) {
    if (segments.length > 0) return reject(`${hostName} takes no path`)
  } else {
    if (segments.length !== 1) return reject(`${hostName} takes exactly one path segment`)
    const decoded = decode(segments[0] ?? '')
    if (decoded === null) return reject('malformed percent-encoding in the path')
    const checked = host.segment.safeParse(decoded)
    if (!checked.success) return reject(`the ${hostName} ${firstProblem(checked.error)}`)
    path += `/${encodeURIComponent(checked.data)}`
  }

  const query = parseQuery(rawQuery)
  if (typeof query === 'string') return reject(query)
  const params = host.params.safeParse(query)
  if (!params.success) return reject(firstProblem(params.error))
  const pairs = Object.entries(params.data as Record<string, string | undefined>).flatMap(
    ([key, value]) => (value === undefined ? [] : [`${key}=${encodeURIComponent(value)}`])
  )
  return { ok: true, address: pairs.length > 0 ? `${path}?${pairs.join('&')}` : path }
}

/**
 * The address a link names, or null: a refused link is one log line with its reason, never the
 * link itself (it may be long, or hold a customer's number), and goes nowhere.
 */
export function addressOfLink(
  link: string,
  warn: (line: string) => void = (line) => console.warn(line)
): string | null {
  const parsed = parseDeepLink(link)
  if (parsed.ok) return parsed.address
  warn(`Ignored a ${DEEP_LINK_SCHEME}:// link: ${parsed.reason}.`)
  return null
}

/**
 * The link among a process's arguments: Windows and Linux start the app (or a second instance)
 * with the link as one argument, beside Chromium's own switches.
 */
export function deepLinkInArguments(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.slice(0, PREFIX.length).toLowerCase() === PREFIX) ?? null
}

/**
 * The customer view of a number the quick lookup found on the clipboard; `from=clipboard` has the
 * view say where the number came from.
 */
export function clipboardCustomerAddress(e164: string): string {
  return `/customer/${encodeURIComponent(e164)}?from=clipboard`
}
