import { afterEach, describe, expect, it } from 'vitest'
import type { ApiConversationJson } from '../api/conversationSchema'
import { DOC_EXAMPLE_CONVERSATIONS, generateConversation } from './generateConversations'
import { expectedTranscript, generateTranscript } from './generateTranscript'
import { startMockApi, type MockApi, type MockApiOptions } from './mockApiServer'

const KEY = 'test-key'
let api: MockApi | undefined

afterEach(async () => {
  await api?.close()
  api = undefined
})

async function start(options: MockApiOptions = {}): Promise<MockApi> {
  api = await startMockApi(options)
  return api
}

interface PageBody {
  data: ApiConversationJson[]
  next_cursor: string | null
  prev_cursor: string | null
  per_page: number
  path: string
}

async function get(
  path: string,
  init: { key?: string | null; signal?: AbortSignal } = {}
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  if (!api) throw new Error('no mock running')
  const key = init.key === undefined ? KEY : init.key
  const response = await fetch(api.url + path, {
    headers: key === null ? {} : { Authorization: `Bearer ${key}` },
    signal: init.signal
  })
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: response.status, headers: response.headers, body, text }
}

async function page(query: string): Promise<PageBody> {
  const answer = await get(`/api/user/conversations${query}`)
  expect(answer.status).toBe(200)
  return answer.body as PageBody
}

async function walk(query: string): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  for (let guard = 0; guard < 1000; guard++) {
    const separator = query ? '&' : '?'
    const body = await page(query + (cursor ? `${separator}cursor=${cursor}` : ''))
    ids.push(...body.data.map((row) => row.id))
    cursor = body.next_cursor
    if (!cursor) return ids
  }
  throw new Error('pagination did not end')
}

describe('mock API: authentication and validation', () => {
  it('answers 401 Unauthenticated without a key or with a wrong one, and logs requests', async () => {
    await start()
    for (const key of [null, 'wrong']) {
      const answer = await get('/api/user/conversations', { key })
      expect(answer.status).toBe(401)
      expect(answer.body).toEqual({ message: 'Unauthenticated.' })
    }
    expect(api?.requests.map((r) => r.authorization)).toEqual([null, 'Bearer wrong'])
  })

  it('validates per_page and type as Laravel does', async () => {
    await start()
    const tooMany = await get('/api/user/conversations?per_page=101')
    expect(tooMany.status).toBe(422)
    expect(tooMany.body).toEqual({
      message: 'The per page field must not be greater than 100.',
      errors: { per_page: ['The per page field must not be greater than 100.'] }
    })
    expect((await get('/api/user/conversations?per_page=0')).status).toBe(422)
    expect((await get('/api/user/conversations?per_page=ten')).status).toBe(422)
    const both = await get('/api/user/conversations?per_page=0&type=sms')
    expect(both.body).toMatchObject({
      message: 'The per page field must be at least 1. (and 1 more error)',
      errors: { type: ['The selected type is invalid.'] }
    })
  })

  it('answers unknown routes with 404', async () => {
    await start()
    expect((await get('/api/user/calls')).status).toBe(404)
  })
})

describe('mock API: pagination', () => {
  it('pages newest first with Laravel cursors, default 15 per page', async () => {
    await start({ rows: 40 })
    const first = await page('')
    expect(first.per_page).toBe(15)
    expect(first.data).toHaveLength(15)
    expect(first.prev_cursor).toBeNull()
    expect(first.path).toBe(`${api?.url}/api/user/conversations`)
    expect(JSON.parse(Buffer.from(first.next_cursor ?? '', 'base64url').toString())).toEqual({
      _key: 26,
      _pointsToNextItems: true
    })
    expect(await walk('?per_page=7')).toEqual(api?.list().map((row) => row.id))
    const created = api?.list().map((row) => row.created_at) ?? []
    expect(created).toEqual([...created].sort().reverse())
  })

  it('ends with next_cursor null and goes back with prev_cursor', async () => {
    await start({ rows: 10 })
    const first = await page('?per_page=4')
    const second = await page(`?per_page=4&cursor=${first.next_cursor}`)
    const last = await page(`?per_page=4&cursor=${second.next_cursor}`)
    expect(last.data).toHaveLength(2)
    expect(last.next_cursor).toBeNull()
    const back = await page(`?per_page=4&cursor=${second.prev_cursor}`)
    expect(back.data.map((r) => r.id)).toEqual(first.data.map((r) => r.id))
    expect(back.prev_cursor).toBeNull()
    expect(back.next_cursor).not.toBeNull()
  })

  it('ignores a cursor that does not decode and serves the first page, as Laravel does', async () => {
    await start({ rows: 5 })
    const garbage = await page('?per_page=2&cursor=not-a-cursor')
    const first = await page('?per_page=2')
    expect(garbage.data).toEqual(first.data)
  })

  it('applies every filter as an exact match', async () => {
    const rows: ApiConversationJson[] = [
      ...DOC_EXAMPLE_CONVERSATIONS,
      {
        ...DOC_EXAMPLE_CONVERSATIONS[1],
        id: 'wa-2',
        customer: { name: null, phone: '14155559876' }
      },
      {
        ...DOC_EXAMPLE_CONVERSATIONS[2],
        id: 'api-2',
        assistant_id: 'other',
        external_identifier: 'x'
      }
    ]
    await start({ conversations: rows })
    const ids = async (query: string) => (await page(query)).data.map((row) => row.id)
    expect(await ids('?type=api')).toEqual([rows[2].id, 'api-2'])
    expect(await ids('?assistant_id=other')).toEqual(['api-2'])
    expect(await ids('?customer_phone=%2B14155559876')).toEqual([rows[1].id])
    expect(await ids('?customer_phone=14155559876')).toEqual(['wa-2'])
    expect(await ids('?customer_phone=4155559876')).toEqual([])
    expect(await ids('?whatsapp_sender_phone=%2B14155551234')).toEqual([rows[1].id, 'wa-2'])
    expect(await ids('?external_identifier=crm-lead-12345')).toEqual([rows[2].id])
    expect(await ids('?type=')).toHaveLength(5)
  })

  it('serves a deep page of 100,000 rows', async () => {
    await start({ rows: 100_000 })
    const cursor = Buffer.from(JSON.stringify({ _key: 50, _pointsToNextItems: true })).toString(
      'base64url'
    )
    for (let i = 0; i < 20; i++) {
      const body = await page(`?per_page=100&cursor=${cursor}`)
      expect(body.data).toHaveLength(49)
      expect(body.next_cursor).toBeNull()
    }
  })
})

describe('mock API: a changing account', () => {
  it('puts added rows first, keeps updated rows in place and drops removed ones', async () => {
    await start({ rows: 6 })
    const before = api?.list() ?? []
    const fresh = { ...generateConversation(0, { seed: 99 }), id: 'brand-new' }
    api?.add(fresh)
    api?.update(before[3].id, { message_count: 99 })
    api?.remove(before[1].id)
    const ids = await walk('?per_page=2')
    expect(ids).toEqual([
      'brand-new',
      before[0].id,
      before[2].id,
      before[3].id,
      before[4].id,
      before[5].id
    ])
    expect((await page('?per_page=10')).data[3].message_count).toBe(99)
    expect(() => api?.add(fresh)).toThrow('already exists')
  })

  it('keeps a cursor valid when the row it points at is removed', async () => {
    await start({ rows: 6 })
    const first = await page('?per_page=3')
    api?.remove(first.data[2].id)
    const rest = await page(`?per_page=3&cursor=${first.next_cursor}`)
    expect(rest.data.map((r) => r.id)).toEqual(
      api
        ?.list()
        .slice(2)
        .map((r) => r.id)
    )
  })
})

describe('mock API: Get Conversation', () => {
  interface DetailBody {
    status: boolean
    history: { role: string; content: string | null; function_calls?: unknown[] }[]
  }

  async function transcript(id: string): Promise<DetailBody['history']> {
    const answer = await get(`/api/conversations/${encodeURIComponent(id)}`)
    expect(answer.status).toBe(200)
    return (answer.body as DetailBody).history
  }

  it('returns the generated history, oldest first, with the row’s details', async () => {
    await start({ conversations: DOC_EXAMPLE_CONVERSATIONS })
    const id = DOC_EXAMPLE_CONVERSATIONS[1].id
    const answer = await get(`/api/conversations/${encodeURIComponent(id)}`)
    expect(answer.status).toBe(200)
    const body = answer.body as DetailBody
    expect(body).toEqual({
      status: true,
      history: generateTranscript(DOC_EXAMPLE_CONVERSATIONS[1]),
      variables: null,
      whatsapp_sender: { name: 'Acme Corp Support', phone: '+14155551234' },
      customer: { name: 'John Doe', phone: '+14155559876' }
    })
    expect(body.history).toHaveLength(8)
    expect(api?.transcript(id)).toEqual(expectedTranscript(DOC_EXAMPLE_CONVERSATIONS[1]))
    expect(answer.text).toBe((await get(`/api/conversations/${id}`)).text)
    const apiRow = await get(`/api/conversations/${DOC_EXAMPLE_CONVERSATIONS[2].id}`)
    expect(apiRow.body).toMatchObject({
      external_identifier: 'crm-lead-12345',
      variables: { lead_id: '12345', source: 'website' }
    })
  })

  it('answers an empty history for a conversation without messages', async () => {
    await start({ conversations: [{ ...DOC_EXAMPLE_CONVERSATIONS[0], message_count: 0 }] })
    expect(await transcript(DOC_EXAMPLE_CONVERSATIONS[0].id)).toEqual([])
  })

  it('asks for the key as the list does', async () => {
    await start({ conversations: DOC_EXAMPLE_CONVERSATIONS })
    const path = `/api/conversations/${DOC_EXAMPLE_CONVERSATIONS[0].id}`
    for (const key of [null, 'wrong']) {
      const answer = await get(path, { key })
      expect(answer.status).toBe(401)
      expect(answer.body).toEqual({ message: 'Unauthenticated.' })
    }
  })

  it('answers an unknown or removed id with status false and 404', async () => {
    await start({ conversations: DOC_EXAMPLE_CONVERSATIONS })
    api?.remove(DOC_EXAMPLE_CONVERSATIONS[0].id)
    for (const id of ['nope', DOC_EXAMPLE_CONVERSATIONS[0].id, '%E0%A4%A']) {
      const answer = await get(`/api/conversations/${id}`)
      expect(answer.status).toBe(404)
      expect(answer.body).toEqual({ status: false, error: 'Conversation not found' })
    }
  })

  it('grows a transcript when its conversation gets new messages, the earlier ones unchanged', async () => {
    await start({ rows: 20 })
    const row = api?.list().find((r) => r.message_count > 0)
    if (!row) throw new Error('no conversation with messages')
    const before = await transcript(row.id)
    const changed = api?.updateConversation(row.id, { messages: 3 })
    expect(changed).toMatchObject({ id: row.id, message_count: row.message_count + 3 })
    expect(changed && changed.updated_at > row.updated_at).toBe(true)
    expect(changed?.updated_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    const after = await transcript(row.id)
    expect(after).toHaveLength(before.length + 3)
    expect(after.slice(0, before.length)).toEqual(before)
    // The list shows the change where the row always was.
    const listed = (await page('?per_page=100')).data
    expect(listed.map((r) => r.id)).toEqual(api?.list().map((r) => r.id))
    expect(listed.find((r) => r.id === row.id)).toEqual(changed)
  })

  it('moves updated_at to the time given, and always later than it was', async () => {
    await start({ conversations: DOC_EXAMPLE_CONVERSATIONS })
    const id = DOC_EXAMPLE_CONVERSATIONS[0].id
    const later = api?.updateConversation(id, { at: new Date('2025-03-01T08:00:00Z') })
    expect(later).toMatchObject({ message_count: 14, updated_at: '2025-03-01 08:00:00' })
    const earlier = api?.updateConversation(id, { at: new Date('2020-01-01T00:00:00Z') })
    expect(earlier).toMatchObject({ message_count: 16, updated_at: '2025-03-01 08:00:01' })
    expect(() => api?.updateConversation('nope')).toThrow('no conversation nope')
  })

  it('spends the list’s rate limit: one budget for both endpoints', async () => {
    await start({ conversations: DOC_EXAMPLE_CONVERSATIONS, rateLimit: { limit: 2 } })
    const list = await get('/api/user/conversations')
    expect(list.headers.get('x-ratelimit-remaining')).toBe('1')
    const detail = await get(`/api/conversations/${DOC_EXAMPLE_CONVERSATIONS[0].id}`)
    expect(detail.status).toBe(200)
    expect(detail.headers.get('x-ratelimit-remaining')).toBe('0')
    const throttled = await get(`/api/conversations/${DOC_EXAMPLE_CONVERSATIONS[0].id}`)
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(50)
    expect((await get('/api/user/conversations')).status).toBe(429)
  })

  it('serves any transcript of a large account, as long as its row says', async () => {
    await start({ rows: 100_000 })
    const rows = api?.list() ?? []
    for (let i = 0; i < 200; i++) {
      const row = rows[(i * 7919) % rows.length]
      expect(await transcript(row.id)).toHaveLength(row.message_count)
    }
  })
})

describe('mock API: rate limit', () => {
  it('sends X-RateLimit headers and 429 with Retry-After past the limit', async () => {
    await start({ rateLimit: { limit: 2, windowMs: 30_000 } })
    const one = await get('/api/user/conversations')
    expect(one.headers.get('x-ratelimit-limit')).toBe('2')
    expect(one.headers.get('x-ratelimit-remaining')).toBe('1')
    expect((await get('/api/user/conversations')).headers.get('x-ratelimit-remaining')).toBe('0')
    const third = await get('/api/user/conversations')
    expect(third.status).toBe(429)
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(28)
    expect(third.body).toEqual({ message: 'Too Many Attempts.' })
  })

  it('opens a new window when the last one is over', async () => {
    await start({ rateLimit: { limit: 1, windowMs: 100 } })
    expect((await get('/api/user/conversations')).status).toBe(200)
    expect((await get('/api/user/conversations')).status).toBe(429)
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect((await get('/api/user/conversations')).status).toBe(200)
  })
})

describe('mock API: faults', () => {
  it('serves a status fault the given number of times, then answers normally', async () => {
    await start()
    api?.injectFault({ kind: 'status', status: 503, headers: { 'Retry-After': '3' } }, 2)
    const first = await get('/api/user/conversations')
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('3')
    expect((await get('/api/user/conversations')).status).toBe(503)
    expect((await get('/api/user/conversations')).status).toBe(200)
  })

  it('serves HTML, malformed JSON and the wrong shape', async () => {
    await start()
    api?.injectFault({ kind: 'html', status: 502 })
    api?.injectFault({ kind: 'malformedJson' })
    api?.injectFault({ kind: 'wrongShape' })
    const html = await get('/api/user/conversations')
    expect(html.status).toBe(502)
    expect(html.headers.get('content-type')).toContain('text/html')
    expect(html.text).toContain('<title>502 Bad Gateway</title>')
    const malformed = await get('/api/user/conversations')
    expect(malformed.status).toBe(200)
    expect(malformed.body).toBeUndefined()
    const wrong = await get('/api/user/conversations')
    expect(wrong.body).not.toHaveProperty('data')
  })

  it('answers with the request’s own cursor as next_cursor', async () => {
    await start({ rows: 10 })
    const first = await page('?per_page=2')
    api?.injectFault({ kind: 'repeatCursor' })
    const repeated = await page(`?per_page=2&cursor=${first.next_cursor}`)
    expect(repeated.next_cursor).toBe(first.next_cursor)
  })

  it('drops the connection', async () => {
    await start()
    api?.injectFault({ kind: 'drop' })
    await expect(get('/api/user/conversations')).rejects.toThrow('fetch failed')
  })

  it('hangs until the client gives up, and close() still ends promptly', async () => {
    await start()
    api?.injectFault({ kind: 'hang' }, 2)
    await expect(
      get('/api/user/conversations', { signal: AbortSignal.timeout(100) })
    ).rejects.toThrow()
    const pending = get('/api/user/conversations').catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = performance.now()
    await api?.close()
    api = undefined
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(await pending).toBeInstanceOf(Error)
  })

  it('breaks a body midway: reset, or stalled after half of it', async () => {
    await start({ rows: 10 })
    api?.injectFault({ kind: 'resetMidBody' })
    await expect(get('/api/user/conversations')).rejects.toThrow()
    api?.injectFault({ kind: 'stallMidBody' })
    await expect(
      get('/api/user/conversations', { signal: AbortSignal.timeout(200) })
    ).rejects.toThrow()
    expect((await page('')).data).toHaveLength(10)
  })

  it('serves wrong field types, an oversized page and an empty page that names a next one', async () => {
    await start({ rows: 300 })
    api?.injectFault({ kind: 'wrongTypes' })
    const wrong = (await page('?per_page=2')).data as unknown as Record<string, unknown>[]
    expect(wrong.map((row) => typeof row.id)).toEqual(['number', 'number'])
    api?.injectFault({ kind: 'oversizedPage', rows: 250 })
    const big = await page('?per_page=10')
    expect(big.data).toHaveLength(250)
    expect(big.next_cursor).not.toBeNull()
    api?.injectFault({ kind: 'emptyPageWithCursor' })
    const empty = await page('?per_page=10')
    expect(empty.data).toEqual([])
    expect(empty.next_cursor).toBe((await page('?per_page=10')).next_cursor)
  })

  it('redirects to another origin with the path and query, after the requests it was told to let by', async () => {
    await start({ rows: 5 })
    api?.injectFault({ kind: 'redirect', location: 'http://127.0.0.1:9' }, 1, 'list', 1)
    expect((await page('?per_page=2')).data).toHaveLength(2)
    const response = await fetch(`${api?.url}/api/user/conversations?per_page=2`, {
      redirect: 'manual'
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(
      'http://127.0.0.1:9/api/user/conversations?per_page=2'
    )
    api?.injectFault({ kind: 'status', status: 500 }, 5)
    api?.clearFaults()
    expect((await page('?per_page=2')).data).toHaveLength(2)
  })

  it('faults Get Conversation only when told, each endpoint from its own queue', async () => {
    await start({ conversations: DOC_EXAMPLE_CONVERSATIONS })
    const detail = `/api/conversations/${DOC_EXAMPLE_CONVERSATIONS[0].id}`
    api?.injectFault({ kind: 'status', status: 500 })
    api?.injectFault(
      { kind: 'status', status: 429, headers: { 'Retry-After': '4' } },
      1,
      'conversation'
    )
    const throttled = await get(detail)
    expect(throttled.status).toBe(429)
    expect(throttled.headers.get('retry-after')).toBe('4')
    expect((await get(detail)).status).toBe(200)
    expect((await get('/api/user/conversations')).status).toBe(500)
    expect(() => api?.injectFault({ kind: 'repeatCursor' }, 1, 'conversation')).toThrow('list')
  })

  it('delays answers by the latency set', async () => {
    await start({ latencyMs: 0 })
    api?.setLatency(150)
    const started = performance.now()
    await get('/api/user/conversations')
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })
})

describe('generated data', () => {
  it('ends at the given time, so a second data set can be newer than the first', async () => {
    const mock = await start({ rows: 50, now: new Date('2031-03-01T12:00:00Z') })
    const rows = mock.list()
    // 50 rows over two years: one per fortnight, the newest in the last one.
    expect(rows[0].created_at < '2031-03-01 12:00:00').toBe(true)
    expect(rows[0].created_at > '2031-02-14').toBe(true)
    expect(rows.every((row) => row.created_at > '2029-02-28')).toBe(true)
  })
})
