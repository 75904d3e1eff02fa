import { RequestRejectedError, UsageError } from '../errors'
import type { Party, TranscriptMessage } from '../types'
import { apiConversationDetailSchema, type ApiConversationDetail } from './conversationDetailSchema'
import { describeSchemaError } from './conversationSchema'
import type { RequestPriority } from './ratePacer'
import { badFormat, parseJson, type Answer, type Reading, type Transport } from './transport'

/** Get Conversation, `GET {base}/api/conversations/{uuid}`: one conversation's whole history. */

export interface ConversationDetail {
  /** Oldest first; each message's function_calls exactly as received. */
  history: TranscriptMessage[]
  variables: Record<string, unknown> | null
  external_identifier: string | null
  whatsapp_sender: Party | null
  customer: Party | null
  /** The whole answer's JSON as received. */
  rawJson: string
}

export interface GetConversationOptions {
  signal?: AbortSignal
  priority?: RequestPriority
}

export async function getConversation(
  transport: Transport,
  baseUrl: string,
  id: string,
  options: GetConversationOptions = {}
): Promise<ConversationDetail> {
  if (!id) throw new UsageError('A conversation id is needed.')
  const url = new URL(`${baseUrl}/api/conversations/${encodeURIComponent(id)}`)
  return transport.request(url, `get conversation ${id}`, readDetail, options)
}

function readDetail(answer: Answer): Reading<ConversationDetail> {
  const body = parseJson(answer)
  if (!body.ok) return body
  const parsed = apiConversationDetailSchema.safeParse(body.value)
  if (!parsed.success) {
    return badFormat(
      answer,
      `JSON of the wrong shape: ${describeSchemaError(parsed.error, body.value)}`
    )
  }
  const detail: ApiConversationDetail = parsed.data
  if (!detail.status) {
    throw new RequestRejectedError(
      answer.status,
      detail.error ?? 'The conversation could not be read.'
    )
  }
  return {
    ok: true,
    value: {
      history: detail.history.map((message) => {
        const { role, content, function_calls: calls } = message
        return calls ? { role, content, function_calls: calls } : { role, content }
      }),
      variables: detail.variables,
      external_identifier: detail.external_identifier,
      whatsapp_sender: detail.whatsapp_sender,
      customer: detail.customer,
      rawJson: JSON.stringify(body.value)
    }
  }
}
