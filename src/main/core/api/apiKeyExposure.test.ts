import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { AuthError, CoreError, RequestRejectedError, UsageError } from '../errors'
import { createApiClient } from './client'

/**
 * The API key goes only where the person said, and never comes back in an error: a server that
 * redirects, or echoes the Authorization header into its answer, must not get the key to another
 * host, onto the screen or into a log.
 */
const KEY = 'sk-live-0123456789abcdefSECRET'

interface Seen {
  path: string
  authorization: string | undefined
}

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((done) => {
          s.close(done)
          // fetch keeps connections alive; close waits for them otherwise.
          s.closeAllConnections()
        })
    )
  )
})

async function serve(
  answer: (request: IncomingMessage, response: ServerResponse) => void
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const server = createServer((request, response) => {
    seen.push({ path: request.url ?? '', authorization: request.headers.authorization })
    answer(request, response)
  })
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

const quickClient = (baseUrl: string, fetchImpl?: typeof fetch) =>
  createApiClient({
    apiKey: KEY,
    baseUrl,
    pace: false,
    maxAttempts: 2,
    sleep: async () => undefined,
    fetch: fetchImpl
  })

async function failureOf(work: Promise<unknown>): Promise<Error> {
  try {
    await work
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a failure')
}

function expectNoKey(error: Error): void {
  expect(error).toBeInstanceOf(CoreError)
  expect(error.message).not.toContain(KEY)
  expect(error.stack ?? '').not.toContain(KEY)
  expect(error.message).not.toMatch(/\p{Cc}/u)
}

describe('the API key and the address it goes to', () => {
  it('sends nothing to a plain-http address off this computer', async () => {
    const calls: unknown[] = []
    const spy: typeof fetch = async (...args) => {
      calls.push(args)
      return new Response('{}')
    }
    expect(() => quickClient('http://api.example.test', spy)).toThrow(UsageError)
    expect(calls).toEqual([])
  })

  it('does not follow a redirect with the key, and says why in a sentence', async () => {
    const elsewhere = await serve((_request, response) => response.end('{}'))
    for (const status of [301, 302, 307, 308]) {
      const api = await serve((_request, response) => {
        response.writeHead(status, { Location: `${elsewhere.url}/api/user/conversations` })
        response.end()
      })
      const error = await failureOf(quickClient(api.url).listConversations({}))
      expect(error).toBeInstanceOf(RequestRejectedError)
      expect(error.message).toContain(`HTTP ${status}`)
      expect(error.message).toMatch(/redirect/)
      // Not retried: a second attempt would be redirected as the first was.
      expect(api.seen).toHaveLength(1)
    }
    expect(elsewhere.seen).toEqual([])
  })

  it('takes a fetch that refuses to follow a redirect itself as the same refusal', async () => {
    // Electron's net.fetch cancels a redirect it is told not to follow and rejects.
    let calls = 0
    const electronLike: typeof fetch = async () => {
      calls++
      throw new Error('Redirect was cancelled')
    }
    const error = await failureOf(
      quickClient('https://api.example.test', electronLike).listConversations({})
    )
    expect(error).toBeInstanceOf(RequestRejectedError)
    expect(error.message).toMatch(/sent a redirect/)
    expect(calls).toBe(1)
  })
})

describe('server text in errors', () => {
  const echo = (request: IncomingMessage): string => request.headers.authorization ?? ''

  it('never carries the key back from a 4xx body', async () => {
    const api = await serve((request, response) => {
      response.writeHead(422, { 'Content-Type': 'application/json' })
      response.end(
        JSON.stringify({
          message: `Invalid header ${echo(request)}`,
          errors: { authorization: [`${echo(request)} is not accepted\u001b[2J`] }
        })
      )
    })
    const error = await failureOf(quickClient(api.url).listConversations({}))
    expect(error).toBeInstanceOf(RequestRejectedError)
    expect(error.message).toContain('Invalid header Bearer [hidden]')
    expectNoKey(error)
  })

  it('never carries the key back from a 401, an HTML title or a Get Conversation error', async () => {
    const refused = await serve((request, response) => {
      response.writeHead(401, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify({ message: `Unknown key ${KEY} (${echo(request)})` }))
    })
    const auth = await failureOf(quickClient(refused.url).listConversations({}))
    expect(auth).toBeInstanceOf(AuthError)
    expectNoKey(auth)

    const html = await serve((request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' })
      response.end(`<html><title>Bad gateway for ${echo(request)}</title></html>`)
    })
    const gateway = await failureOf(quickClient(html.url).listConversations({}))
    expect(gateway.message).toContain('Bad gateway for Bearer [hidden]')
    expectNoKey(gateway)

    const detail = await serve((request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify({ status: false, error: `No access for ${echo(request)}` }))
    })
    const rejected = await failureOf(quickClient(detail.url).getConversation('c-1'))
    expect(rejected).toBeInstanceOf(RequestRejectedError)
    expectNoKey(rejected)
  })

  it('keeps a long answer short', async () => {
    const api = await serve((_request, response) => {
      response.writeHead(400, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify({ message: 'x'.repeat(5000) }))
    })
    const error = await failureOf(quickClient(api.url).listConversations({}))
    expect(error.message.length).toBeLessThan(400)
  })
})
