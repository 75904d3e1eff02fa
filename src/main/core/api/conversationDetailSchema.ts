import { z } from 'zod'
import {
  expected,
  optionalTextOrNumberSchema,
  optionalTextSchema,
  partySchema,
  refuse,
  variablesSchema,
  type ApiPartyJson
} from './conversationSchema'

/** Get Conversation's JSON, `GET {base}/api/conversations/{uuid}`, and the schema that checks it. */

export interface ApiFunctionCallJson {
  name: string
  arguments: Record<string, unknown>
  result: unknown
}

export interface ApiMessageJson {
  role: string
  content: string
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

const functionCallSchema = z.object({
  name: z.string(expected('a function name')),
  // Some servers pass arguments on as the model wrote them, a JSON string; none means {}.
  arguments: z
    .union(
      [
        variablesSchema,
        z.string().transform((text, ctx) => {
          let value: unknown = text
          try {
            value = JSON.parse(text)
          } catch {
            // left as text, which the check below refuses
          }
          const parsed = variablesSchema.safeParse(value)
          return parsed.success ? parsed.data : refuse(ctx, text, 'JSON arguments')
        })
      ],
      expected('an arguments object')
    )
    .transform((args) => args ?? {}),
  result: z.unknown()
})

const messageSchema = z.object({
  role: z.string(expected('a message role')),
  // An assistant turn that only calls functions may carry no text.
  content: z
    .string(expected('message text'))
    .nullish()
    .transform((text) => text ?? ''),
  function_calls: z
    .array(functionCallSchema, expected('an array of function calls'))
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
