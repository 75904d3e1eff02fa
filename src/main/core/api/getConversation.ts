import { ConversationNotFoundError, RequestRejectedError, UsageError } from '../errors'
import type { Party, TranscriptMessage } from '../types'
import { apiConversationDetailSchema, type ApiConversationDetail } from './conversationDetailSchema'
import { describeSchemaError, isRecord } from './conversationSchema'
import type { RequestPriority } from './ratePacer'
import { cleanServerText } from './serverText'
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
  return transport.request(url, `get conversation ${id}`, (answer) => readDetail(answer, id), {
    ...options,
    rejection: (answer) => (answer.status === 404 ? notFound(answer, id) : undefined)
  })
}

/**
 * The server's answer for an id it has no conversation for, on a 404 or a 200 alike. Only these
 * words mean "gone": any other `status: false`, and a 404 that is not this JSON (a proxy's page,
 * a wrong base URL), is a rejection that says nothing about the conversation.
 */
const NOT_FOUND = /^\s*conversation not found\.?\s*$/i

function notFound(answer: Answer, id: string): ConversationNotFoundError | undefined {
  let body: unknown
  try {
    body = JSON.parse(answer.text)
  } catch {
    return undefined
  }
  if (!isRecord(body) || body.status !== false || typeof body.error !== 'string') return undefined
  return notFoundError(answer.status, body.error, id)
}

function notFoundError(
  status: number,
  error: string,
  id: string
): ConversationNotFoundError | undefined {
  if (!NOT_FOUND.test(error)) return undefined
  return new ConversationNotFoundError(
    status,
    `The API has no conversation ${id} (HTTP ${status}: ${error.trim()}).`
  )
}

function readDetail(answer: Answer, id: string): Reading<ConversationDetail> {
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
    const error = cleanServerText(detail.error ?? 'The conversation could not be read.')
    throw notFoundError(answer.status, error, id) ?? new RequestRejectedError(answer.status, error)
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
