import { UsageError } from '../errors'
import type { ConversationPage } from '../types'
import { checkBaseUrl, DEFAULT_BASE_URL } from './baseUrl'
import {
  getConversation,
  type ConversationDetail,
  type GetConversationOptions
} from './getConversation'
import {
  listConversations,
  type ListConversationsParams,
  type ListOptions
} from './listConversations'
import { createRatePacer, type RatePacer } from './ratePacer'
import { createTransport, type TransportOptions } from './transport'

/**
 * The autocalls.ai API as the app uses it: the two endpoints over one transport, which holds
 * the key, the retries and the pacing. Each piece lives in its own file; this one checks the
 * options and puts them together.
 */

export { DEFAULT_BASE_URL }
export type { ConversationDetail, GetConversationOptions, ListConversationsParams, ListOptions }
export type { RetryNotice } from './transport'

export interface ApiClientOptions extends TransportOptions {
  apiKey: string
  baseUrl?: string
  /** Pace requests by the server's X-RateLimit-* headers; default true. False wins over `pacer`. */
  pace?: boolean
  /**
   * The pacer of this API key, shared by every client and job that spends its requests (see
   * pacerRegistry.ts); without it the client paces itself alone.
   */
  pacer?: RatePacer
}

export interface ApiClient {
  readonly baseUrl: string
  listConversations(
    params: ListConversationsParams,
    options?: ListOptions
  ): Promise<ConversationPage>
  /**
   * One conversation's whole transcript. Throws ConversationNotFoundError when the server says
   * it has no such conversation. The backfill asks at 'background' priority.
   */
  getConversation(id: string, options?: GetConversationOptions): Promise<ConversationDetail>
  /** One cheap request (per_page=1) that throws AuthError etc. if the key does not work. */
  checkKey(options?: { signal?: AbortSignal }): Promise<void>
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const apiKey = options.apiKey.trim()
  if (!apiKey) throw new UsageError('No API key: add the key from your autocalls.ai account.')
  // fetch would throw on such a header every attempt, which would read as a network error.
  if (/[^\x21-\x7e]/.test(apiKey)) {
    throw new UsageError(
      'The API key contains spaces or characters no API key has: paste it again.'
    )
  }
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL)
  const pacer =
    options.pace === false
      ? null
      : (options.pacer ?? createRatePacer({ now: options.now, sleep: options.sleep }))
  const transport = createTransport({ apiKey, baseUrl, pacer }, options)

  return {
    baseUrl,
    listConversations: (params, callOptions) =>
      listConversations(transport, baseUrl, params, callOptions),
    getConversation: (id, callOptions) => getConversation(transport, baseUrl, id, callOptions),
    async checkKey(callOptions = {}) {
      await listConversations(transport, baseUrl, { per_page: 1 }, callOptions)
    }
  }
}
