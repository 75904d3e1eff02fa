import type { ApiConversationJson } from '../api/conversationSchema'
import { CONVERSATION_TYPES } from '../types'
import { lowerBound, type Store } from './mockStore'

/**
 * The list endpoint as Laravel serves it: validation answered with 422, filters, and cursor
 * pagination over the store's fixed order (see mockApiServer.ts for the cursors' format).
 */
export const LIST_PATH = '/api/user/conversations'

interface Cursor {
  key: number
  pointsToNext: boolean
}

interface Filters {
  type?: string
  assistant_id?: string
  customer_phone?: string
  whatsapp_sender_phone?: string
  external_identifier?: string
}

function encodeCursor(key: number, pointsToNext: boolean): string {
  return Buffer.from(JSON.stringify({ _key: key, _pointsToNextItems: pointsToNext })).toString(
    'base64url'
  )
}

function decodeCursor(text: string | undefined): Cursor | null {
  if (!text) return null
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (typeof value !== 'object' || value === null) return null
    const { _key: key, _pointsToNextItems: pointsToNext } = value as Record<string, unknown>
    if (!Number.isSafeInteger(key) || typeof pointsToNext !== 'boolean') return null
    return { key: key as number, pointsToNext }
  } catch {
    return null
  }
}

/** Laravel's validation of the query: the messages its default English translation writes. */
function validate(query: Record<string, string>, maxPerPage: number): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  const perPage = query.per_page
  if (perPage) {
    if (!/^-?\d+$/.test(perPage)) errors.per_page = ['The per page field must be an integer.']
    else if (Number(perPage) < 1) errors.per_page = ['The per page field must be at least 1.']
    else if (Number(perPage) > maxPerPage) {
      errors.per_page = [`The per page field must not be greater than ${maxPerPage}.`]
    }
  }
  if (query.type && !(CONVERSATION_TYPES as readonly string[]).includes(query.type)) {
    errors.type = ['The selected type is invalid.']
  }
  return errors
}

function matches(row: ApiConversationJson, filters: Filters): boolean {
  return (
    (filters.type === undefined || row.type === filters.type) &&
    (filters.assistant_id === undefined || String(row.assistant_id) === filters.assistant_id) &&
    (filters.customer_phone === undefined || row.customer?.phone === filters.customer_phone) &&
    (filters.whatsapp_sender_phone === undefined ||
      row.whatsapp_sender?.phone === filters.whatsapp_sender_phone) &&
    (filters.external_identifier === undefined ||
      row.external_identifier === filters.external_identifier)
  )
}

function filtersOf(query: Record<string, string>): Filters {
  // Laravel turns empty strings into null, and a null filter is no filter.
  const filters: Filters = {}
  for (const name of [
    'type',
    'assistant_id',
    'customer_phone',
    'whatsapp_sender_phone',
    'external_identifier'
  ] as const) {
    if (query[name]) filters[name] = query[name]
  }
  return filters
}

export function listBody(
  store: Store,
  query: Record<string, string>,
  origin: string,
  /** The server's own limit is 100; a fault may serve a page past it. */
  { maxPerPage = 100 }: { maxPerPage?: number } = {}
): { status: number; body: Record<string, unknown> } {
  const errors = validate(query, maxPerPage)
  const messages = Object.values(errors).flat()
  if (messages.length > 0) {
    const more = messages.length - 1
    const suffix = more > 0 ? ` (and ${more} more error${more > 1 ? 's' : ''})` : ''
    return { status: 422, body: { message: messages[0] + suffix, errors } }
  }
  const perPage = query.per_page ? Number(query.per_page) : 15
  const cursor = decodeCursor(query.cursor)
  const page = readPage(store, filtersOf(query), perPage, cursor)
  return {
    status: 200,
    body: {
      data: page.rows,
      path: origin + LIST_PATH,
      per_page: perPage,
      next_cursor: page.nextCursor,
      prev_cursor: page.prevCursor
    }
  }
}

/**
 * One page as Laravel's CursorPaginator builds it: perPage + 1 matching rows walked from the
 * cursor (binary-searched, so no page costs more than the rows it walks), the extra one only
 * telling whether more follow.
 */
function readPage(
  store: Store,
  filters: Filters,
  perPage: number,
  cursor: Cursor | null
): { rows: ApiConversationJson[]; nextCursor: string | null; prevCursor: string | null } {
  const { keys, rows } = store
  const found: number[] = []
  if (!cursor || cursor.pointsToNext) {
    const start = cursor ? lowerBound(keys, cursor.key) - 1 : keys.length - 1
    for (let i = start; i >= 0 && found.length <= perPage; i--) {
      if (matches(rows[i], filters)) found.push(i)
    }
  } else {
    for (
      let i = lowerBound(keys, cursor.key + 1);
      i < keys.length && found.length <= perPage;
      i++
    ) {
      if (matches(rows[i], filters)) found.push(i)
    }
  }
  const hasMore = found.length > perPage
  const shown = found.slice(0, perPage)
  if (cursor && !cursor.pointsToNext) shown.reverse()
  const first = shown[0]
  const last = shown[shown.length - 1]
  const atEnd = (!cursor || cursor.pointsToNext) && !hasMore
  const atStart = !cursor || (!cursor.pointsToNext && !hasMore)
  return {
    rows: shown.map((i) => rows[i]),
    nextCursor: atEnd || last === undefined ? null : encodeCursor(keys[last], true),
    prevCursor: atStart || first === undefined ? null : encodeCursor(keys[first], false)
  }
}
