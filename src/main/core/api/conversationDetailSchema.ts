import { z } from 'zod'
import {
  expected,
  optionalTextOrNumberSchema,
  optionalTextSchema,
  partySchema,
  variablesSchema,
  type ApiPartyJson
} from './conversationSchema'

/** Get Conversation's JSON, `GET {base}/api/conversations/{uuid}`, and the schema that checks it. */

/** A function call as documented; what is archived is whatever the server sent. */
export interface ApiFunctionCallJson {
  name: string
  arguments: Record<string, unknown>
  result: unknown
}

export interface ApiMessageJson {
  role: string
  /** Documented as a string; a turn that only calls functions may carry null. */
  content: string | null
  function_calls?: ApiFunctionCallJson[]
}

/** Get Conversation's answer. */
export type ApiConversationDetailJson =
  | {
      status: true
      history: ApiMessageJson[]
      variables: Record<string, unknown> | [] | null
      external_identifier?: string
      whatsapp_sender?: ApiPartyJson | null
      customer?: ApiPartyJson | null
    }
  | { status: false; error: string }

/**
 * One message. An assistant turn that only calls functions may come with null or no text: read
 * as '', since a transcript shows it as an empty bubble with its calls either way. The calls
 * are checked to be a list and nothing more, and kept exactly as received: the archive is the
 * record of what the server said, and a call whose arguments arrive as a JSON string or with
 * fields the documentation does not name is still a call someone may need to read.
 */
const messageSchema = z.object({
  role: z.string(expected('a message role')),
  content: z
    .string(expected('message text or null'))
    .nullish()
    .transform((text) => text ?? ''),
  function_calls: z
    .array(z.unknown(), expected('an array of function calls'))
    .nullish()
    .transform((calls) => calls ?? undefined)
})

/** Get Conversation's answer: success, or `{status: false, error}`. */
export const apiConversationDetailSchema = z.discriminatedUnion(
  'status',
  [
    z.object({
      status: z.literal(true),
      history: z.array(messageSchema, expected('an array of messages')),
      variables: variablesSchema,
      external_identifier: optionalTextOrNumberSchema,
      whatsapp_sender: partySchema,
      customer: partySchema
    }),
    z.object({
      status: z.literal(false),
      error: optionalTextSchema
    })
  ],
  expected('a JSON object with "status": true or false')
)

export type ApiConversationDetail = z.output<typeof apiConversationDetailSchema>
