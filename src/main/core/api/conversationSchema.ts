import { z } from 'zod'
import { parseApiDate } from '../dates'

/**
 * The list endpoint's JSON shapes, the schemas that check them, and the pieces Get
 * Conversation's schema (conversationDetailSchema.ts) shares with them. Lenient where the meaning is
 * clear (numbers sent as strings, PHP's `[]` for an empty object, numeric ids), strict where it
 * is not: a row whose created_at is not a date makes the whole page invalid, so that a broken
 * server is noticed instead of archived.
 */

/** A party as the API sends it; PHP may send either field as null. */
export interface ApiPartyJson {
  name: string | null
  phone: string | null
}

/** One row of the list endpoint as documented, with the drift real servers show. */
export interface ApiConversationJson {
  id: string
  assistant_id: string | number
  assistant_name: string
  type: string
  /** PHP encodes an empty associative array as `[]`. */
  variables: Record<string, unknown> | [] | null
  external_identifier?: string
  message_count: number
  /** Documented as a number; decimal columns often arrive as strings. */
  total_cost: number | string
  ai_enabled: boolean
  created_at: string
  updated_at: string
  whatsapp_sender?: ApiPartyJson | null
  customer?: ApiPartyJson | null
}

/** A short, printable picture of a received value for error messages. */
function previewValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

export function expected(description: string) {
  return {
    error: (issue: { input?: unknown }) =>
      `expected ${description}, got ${previewValue(issue.input)}`
  }
}

/**
 * null or missing as null. Zod 4 only lets an object key be missing when its schema is marked
 * optional, so this wraps rather than unions with z.undefined().
 */
function orNull<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? null)
}

const DATE_EXAMPLE = 'a date such as "2025-01-25 14:30:00"'

/** Adds an issue about `value` and gives the value zod expects a failed transform to return. */
function refuse(ctx: z.RefinementCtx, value: unknown, description: string): never {
  ctx.issues.push({
    code: 'custom',
    input: value,
    message: `expected ${description}, got ${previewValue(value)}`
  })
  return z.NEVER
}

/** Checked by parseApiDate, so the archive's ISO dates sort and compare. */
const requiredDateSchema = z
  .unknown()
  .optional()
  .transform((value, ctx) => parseApiDate(value) ?? refuse(ctx, value, DATE_EXAMPLE))

const optionalDateSchema = z
  .unknown()
  .optional()
  .transform((value, ctx) =>
    value === null || value === undefined || value === ''
      ? null
      : (parseApiDate(value) ?? refuse(ctx, value, `${DATE_EXAMPLE} or null`))
  )

const decimalString = z
  .string()
  .regex(/^\s*-?\d+(\.\d+)?\s*$/)
  .transform(Number)
const integerString = z
  .string()
  .regex(/^\s*\d+\s*$/)
  .transform(Number)
const integerToString = z
  .number()
  .int()
  .transform((n) => String(n))

const idSchema = z.union(
  [z.string().regex(/\S/), integerToString],
  expected('a non-empty string id')
)

const optionalIdSchema = orNull(z.union([z.string(), integerToString], expected('a string id')))

export const optionalTextSchema = orNull(z.string(expected('a string or null')))

/** Identifiers and phone numbers: a number sent where text was documented keeps its digits. */
export const optionalTextOrNumberSchema = orNull(
  z.union([z.string(), z.number().transform((n) => String(n))], expected('a string or null'))
)

const costSchema = orNull(
  z.union([z.number().finite(), decimalString], expected('a number or a numeric string'))
)

const countSchema = orNull(
  z.union([z.number().int().min(0), integerString], expected('a whole number'))
)

const flagSchema = orNull(
  z.union(
    [
      z.boolean(),
      z.union([z.literal(0), z.literal('0'), z.literal('false')]).transform(() => false),
      z.union([z.literal(1), z.literal('1'), z.literal('true')]).transform(() => true)
    ],
    expected('true, false, 1 or 0')
  )
)

/** An object; PHP's `[]` (its empty array) as {}; a list has no clear meaning and is refused. */
export const variablesSchema = orNull(
  z.union(
    [
      z.record(z.string(), z.unknown()),
      z
        .array(z.unknown())
        .length(0)
        .transform((): Record<string, unknown> => ({}))
    ],
    expected('an object, [] or null')
  )
)

export const partySchema = orNull(
  z.object(
    { name: optionalTextSchema, phone: optionalTextOrNumberSchema },
    expected('an object with name and phone, or null')
  )
)

/** One row of the list endpoint; unknown extra fields are tolerated and dropped. */
export const apiConversationSchema = z.object(
  {
    id: idSchema,
    assistant_id: optionalIdSchema,
    assistant_name: optionalTextSchema,
    type: z.string(expected('a conversation type')).regex(/\S/, expected('a conversation type')),
    variables: variablesSchema,
    external_identifier: optionalTextOrNumberSchema,
    message_count: countSchema,
    total_cost: costSchema,
    ai_enabled: flagSchema,
    created_at: requiredDateSchema,
    updated_at: optionalDateSchema,
    whatsapp_sender: partySchema,
    customer: partySchema
  },
  expected('a conversation object')
)

export type ApiConversation = z.output<typeof apiConversationSchema>

const cursorSchema = orNull(z.string(expected('a cursor string or null')).min(1))

/** One page of the list endpoint (Laravel cursor pagination). */
export const apiConversationPageSchema = z.object(
  {
    data: z.array(apiConversationSchema, expected('an array of conversations')),
    next_cursor: cursorSchema,
    prev_cursor: cursorSchema,
    per_page: countSchema,
    path: optionalTextSchema
  },
  expected('a JSON object with a "data" array')
)

export type ApiConversationPage = z.output<typeof apiConversationPageSchema>

/**
 * The first problems of a failed parse, each with its path; a row is named by its position and
 * id (taken from the body as received) so the bad row can be found on the server.
 */
export function describeSchemaError(error: z.ZodError, body: unknown): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const where = describePath(issue.path, body)
    return where ? `${where}: ${issue.message}` : issue.message
  })
  const more = error.issues.length - shown.length
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '')
}

function describePath(path: readonly PropertyKey[], body: unknown): string {
  if (path[0] === 'data' && typeof path[1] === 'number') {
    const row = isRecord(body) && Array.isArray(body.data) ? body.data[path[1]] : undefined
    const id = isRecord(row) && row.id !== undefined ? ` (id ${previewValue(row.id)})` : ''
    const field = path.slice(2).map(String).join('.')
    return `row ${path[1] + 1}${id}${field ? `, ${field}` : ''}`
  }
  return path.map(String).join('.')
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
