import { describe, expect, it } from 'vitest'
import { UsageError } from '../errors'
import { DOC_EXAMPLE_CONVERSATIONS } from '../mockApi/generateConversations'
import { useMockApi } from './apiTestKit'
import { createApiClient } from './client'
import { createPacerRegistry } from './pacerRegistry'

const start = useMockApi()

describe('createPacerRegistry', () => {
  it('gives one pacer per key at one origin, however the address and the key are written', () => {
    const registry = createPacerRegistry()
    const pacer = registry.pacerFor('https://app.autocalls.ai', 'key-1')
    expect(registry.pacerFor('https://APP.autocalls.ai/', ' key-1\n')).toBe(pacer)
    expect(registry.pacerFor('https://app.autocalls.ai:443/api', 'key-1')).toBe(pacer)
    expect(registry.pacerFor('https://app.autocalls.ai', 'key-2')).not.toBe(pacer)
    expect(registry.pacerFor('http://localhost', 'key-1')).not.toBe(
      registry.pacerFor('https://localhost', 'key-1')
    )
    expect(registry.pacerFor('https://app.autocalls.ai:8443', 'key-1')).not.toBe(pacer)
    expect(createPacerRegistry().pacerFor('https://app.autocalls.ai', 'key-1')).not.toBe(pacer)
  })

  it('makes its pacers with the options given', () => {
    const registry = createPacerRegistry({ windowMs: 1_000 })
    expect(registry.pacerFor('https://app.autocalls.ai', 'k').windowMs).toBe(1_000)
  })

  it('refuses an address that is not an http(s) URL', () => {
    const registry = createPacerRegistry()
    expect(() => registry.pacerFor('ftp://example.com', 'k')).toThrow(UsageError)
    expect(() => registry.pacerFor('not a url', 'k')).toThrow(UsageError)
  })

  it('makes a transcript opened by hand wait its turn in the budget the list sync spent', async () => {
    const mock = await start({
      conversations: DOC_EXAMPLE_CONVERSATIONS,
      rateLimit: { limit: 4 }
    })
    let clock = 0
    const waits: number[] = []
    const timing = {
      now: () => clock,
      sleep: async (ms: number) => {
        waits.push(ms)
        clock += ms
      }
    }
    const registry = createPacerRegistry(timing)
    const clientFor = () =>
      createApiClient({
        apiKey: 'test-key',
        baseUrl: mock.url,
        pacer: registry.pacerFor(mock.url, 'test-key'),
        ...timing
      })
    const sync = clientFor()
    for (let i = 0; i < 3; i++) await sync.listConversations({ per_page: 1 })
    expect(waits).toEqual([])
    // One of four left: the next request is spread over the rest of the window.
    const opened = clientFor()
    await opened.getConversation(DOC_EXAMPLE_CONVERSATIONS[0].id)
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThan(0)
    expect(registry.pacerFor(mock.url, 'test-key').limit()).toBe(4)
  })
})
