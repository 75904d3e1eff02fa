import { describe, expect, it } from 'vitest'
import { UsageError } from '../errors'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import { clientFor, listRequests, useMockApi } from './apiTestKit'
import type { ApiConversationJson } from './conversationSchema'

const start = useMockApi()

describe('listConversations', () => {
  it('sends the key, Accept and every filter, and normalises the page', async () => {
    const mock = await start({ conversations: DOC_EXAMPLE_CONVERSATIONS })
    const { client } = clientFor(mock)
    const page = await client.listConversations({
      type: 'whatsapp',
      assistant_id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
      customer_phone: '+14155559876',
      whatsapp_sender_phone: '+14155551234',
      external_identifier: '',
      per_page: 10
    })
    expect(mock.requests).toHaveLength(1)
    expect(mock.requests[0]).toEqual({
      path: '/api/user/conversations',
      query: {
        type: 'whatsapp',
        assistant_id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
        customer_phone: '+14155559876',
        whatsapp_sender_phone: '+14155551234',
        per_page: '10'
      },
      authorization: 'Bearer test-key'
    })
    expect(page.conversations.map((c) => c.conversation.id)).toEqual([
      '8d0f7780-8536-51ef-055c-f18fd2g01bf8'
    ])
    expect(page).toMatchObject({ nextCursor: null, prevCursor: null, perPage: 10 })

    await client.listConversations({ external_identifier: 'crm-lead-12345', assistant_id: 7 })
    expect(mock.requests[1].query).toEqual({
      external_identifier: 'crm-lead-12345',
      assistant_id: '7'
    })
  })

  it('sends Accept: application/json', async () => {
    const seen: Headers[] = []
    const mock = await start()
    const { client } = clientFor(mock, {
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers))
        return fetch(input, init)
      }
    })
    await client.listConversations({})
    expect(seen[0].get('accept')).toBe('application/json')
    expect(seen[0].get('authorization')).toBe('Bearer test-key')
  })

  it('walks every page with the cursors the server gives', async () => {
    const mock = await start({ rows: 40 })
    const { client } = clientFor(mock)
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const page = await client.listConversations({ per_page: 15, cursor })
      ids.push(...page.conversations.map((c) => c.conversation.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(ids).toEqual(mock.list().map((row) => row.id))
    expect(listRequests(mock)).toHaveLength(3)
  })

  it('tells the next cursor before the page is checked and handed back', async () => {
    const mock = await start({ rows: 40 })
    const { client } = clientFor(mock)
    const events: string[] = []
    const page = client
      .listConversations(
        { per_page: 15 },
        { onNextCursor: (cursor) => events.push(`cursor ${cursor}`) }
      )
      .then((p) => {
        events.push('page')
        return p
      })
    const { nextCursor } = await page
    expect(nextCursor).not.toBeNull()
    expect(events).toEqual([`cursor ${nextCursor}`, 'page'])
  })

  it('tells the last page’s null cursor too', async () => {
    const mock = await start({ rows: 10 })
    const { client } = clientFor(mock)
    const told: (string | null)[] = []
    await client.listConversations({ per_page: 15 }, { onNextCursor: (c) => told.push(c) })
    expect(told).toEqual([null])
  })

  it('still refuses rows of the wrong shape after telling their page’s cursor', async () => {
    const broken = { ...DOC_EXAMPLE_CONVERSATIONS[1], created_at: 'last tuesday' }
    const mock = await start({ conversations: [DOC_EXAMPLE_CONVERSATIONS[0], broken] })
    const { client } = clientFor(mock, { maxAttempts: 2 })
    const told: (string | null)[] = []
    await expect(
      client.listConversations({}, { onNextCursor: (c) => told.push(c) })
    ).rejects.toThrow(/created_at: expected a date/)
    expect(told).toEqual([null, null])
  })

  it('retries an empty page that names a next page, whose rows a crawl would otherwise skip', async () => {
    const mock = await start({ rows: 30 })
    mock.injectFault({ kind: 'emptyPageWithCursor' })
    const { client, notices } = clientFor(mock)
    const page = await client.listConversations({ per_page: 10 })
    expect(page.conversations.map((c) => c.conversation.id)).toEqual(
      mock
        .list()
        .slice(0, 10)
        .map((c) => c.id)
    )
    expect(notices.map((n) => n.reason)).toEqual(['unexpected answer (HTTP 200, application/json)'])

    mock.injectFault({ kind: 'emptyPageWithCursor' }, 2)
    const { client: twice } = clientFor(mock, { maxAttempts: 2 })
    await expect(twice.listConversations({ per_page: 10 })).rejects.toThrow(
      /an empty page that names a next page/
    )
  })

  it('parses the documentation examples: non-UUID ids, null and [] variables, string costs', async () => {
    const drifted: ApiConversationJson = {
      ...DOC_EXAMPLE_CONVERSATIONS[0],
      id: 'drifted',
      variables: [],
      total_cost: '0.0045'
    }
    const mock = await start({ conversations: [...DOC_EXAMPLE_CONVERSATIONS, drifted] })
    const { client } = clientFor(mock)
    const page = await client.listConversations({})
    const [widget, whatsapp, apiRow, last] = page.conversations.map((c) => c.conversation)
    expect(whatsapp.id).toBe('8d0f7780-8536-51ef-055c-f18fd2g01bf8')
    expect(whatsapp.variables).toBeNull()
    expect(whatsapp.customer).toEqual({ name: 'John Doe', phone: '+14155559876' })
    expect(apiRow.id).toBe('9e1g8891-9647-62fg-166d-g29ge3h12cg9')
    expect(apiRow.external_identifier).toBe('crm-lead-12345')
    expect(widget.created_at).toBe('2025-01-25T14:30:00.000Z')
    expect(last.variables).toEqual({})
    expect(last.total_cost).toBe(0.0045)
    expect(JSON.parse(page.conversations[3].rawJson)).toEqual(drifted)
  })

  it('refuses a per_page outside 1-100 before asking the server', async () => {
    const mock = await start()
    const { client } = clientFor(mock)
    for (const perPage of [0, 101, 2.5]) {
      await expect(client.listConversations({ per_page: perPage })).rejects.toThrow(UsageError)
    }
    expect(mock.requests).toHaveLength(0)
  })

  it('tolerates trailing slashes on the base URL', async () => {
    const mock = await start()
    const { client } = clientFor(mock, { baseUrl: `${mock.url}//` })
    expect(client.baseUrl).toBe(mock.url)
    await client.listConversations({})
    expect(mock.requests[0].path).toBe('/api/user/conversations')
  })
})
