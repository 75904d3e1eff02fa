import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMockApi, type MockApi } from '../../src/main/core/mockApi/mockApiServer'
import { createMemorySecretStore } from '../../src/main/core/secrets/memorySecretStore'
import { apiKeyAccount } from '../../src/main/core/secrets/secretStore'
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../src/shared/ipc/contract'
import { savedFilesDir, startHarness, type Harness } from './startHarness'

const KEY = 'harness-key-0123456789'
const INDEX = `<!doctype html><html><head><title>t</title></head><body><div id="app"></div>
<script type="module" src="/assets/app.js"></script></body></html>`

let dir: string
let harness: Harness | null = null
let mock: MockApi | null = null

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cb-harness-test-'))
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true })
  writeFileSync(join(dir, 'renderer', 'index.html'), INDEX)
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), 'outside')
})

afterEach(async () => {
  await harness?.close()
  await mock?.close()
  harness = null
  mock = null
  rmSync(dir, { recursive: true, force: true })
})

async function start(options: { baseUrl?: string; withKey?: boolean } = {}): Promise<Harness> {
  const secretStore = createMemorySecretStore()
  if (options.withKey && options.baseUrl) await secretStore.set(apiKeyAccount(options.baseUrl), KEY)
  harness = await startHarness({
    dbPath: join(dir, 'archive.sqlite3'),
    baseUrl: options.baseUrl,
    userDataDir: join(dir, 'user-data'),
    rendererDir: join(dir, 'renderer'),
    secretStore,
    port: 0
  })
  return harness
}

async function call(h: Harness, channel: string, input?: unknown): Promise<Response> {
  return fetch(new URL(`__harness/ipc/${channel}`, h.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Harness-Token': h.token },
    body: JSON.stringify({ input: input ?? null })
  })
}

function eventsUrl(h: Harness): URL {
  return new URL(`__harness/events?token=${h.token}`, h.url)
}

interface RawAnswer {
  status: number
  body: string
}

/** A request with headers exactly as given (fetch would set Host and refuse to change it). */
function rawRequest(
  h: Harness,
  options: { method: string; path: string; headers: Record<string, string>; body?: string }
): Promise<RawAnswer> {
  const { hostname, port } = new URL(h.url)
  return new Promise((resolveAnswer, reject) => {
    const req = httpRequest(
      {
        host: hostname,
        port,
        method: options.method,
        path: options.path,
        headers: options.headers
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** A call as a page would make it, with headers to vary one at a time. */
function rawCall(h: Harness, headers: Record<string, string>): Promise<RawAnswer> {
  return rawRequest(h, {
    method: 'POST',
    path: `/__harness/ipc/${INVOKE_CHANNELS.getAppState}`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ input: null })
  })
}

interface HarnessEvent {
  channel: string
  payload: { phase: string; done?: number; lastError?: unknown }
}

const isSyncIdle = (event: HarnessEvent): boolean =>
  event.channel === EVENT_CHANNELS.syncStatus && event.payload.phase === 'idle'

/** Reads Server-Sent Events until one matches; returns every event read. */
async function readEvents(
  reader: ReadableStreamDefaultReader<string>,
  until: (event: HarnessEvent) => boolean
): Promise<HarnessEvent[]> {
  const events: HarnessEvent[] = []
  let buffered = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return events
    buffered += value
    const blocks = buffered.split('\n\n')
    buffered = blocks.pop() ?? ''
    for (const block of blocks) {
      if (!block.startsWith('data: ')) continue
      const event = JSON.parse(block.slice(6)) as HarnessEvent
      events.push(event)
      if (until(event)) return events
    }
  }
}

describe('browser harness', () => {
  it('listens on loopback and refuses any other address', async () => {
    const h = await start()
    expect(new URL(h.url).hostname).toBe('127.0.0.1')
    await expect(
      startHarness({
        dbPath: join(dir, 'x.sqlite3'),
        rendererDir: join(dir, 'renderer'),
        host: '0.0.0.0'
      })
    ).rejects.toThrow(/loopback/)
  })

  it('says how to build when the renderer is missing', async () => {
    await expect(
      startHarness({ dbPath: join(dir, 'x.sqlite3'), rendererDir: join(dir, 'nothing') })
    ).rejects.toThrow(/electron-vite build/)
  })

  it('serves index.html with the bridge injected before the module script', async () => {
    const h = await start()
    const html = await (await fetch(h.url)).text()
    const bridgeAt = html.indexOf('<script src="/__harness/bridge.js"></script>')
    expect(bridgeAt).toBeGreaterThan(-1)
    expect(bridgeAt).toBeLessThan(html.indexOf('type="module"'))
  })

  it('serves the bridge as a classic script with no imports left', async () => {
    const h = await start()
    const response = await fetch(new URL('__harness/bridge.js', h.url))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('javascript')
    const script = await response.text()
    expect(script).toContain('/__harness/ipc/')
    expect(script).not.toMatch(/^\s*import\s/m)
  })

  it('serves renderer files and nothing outside them', async () => {
    const h = await start()
    expect(await (await fetch(new URL('assets/app.js', h.url))).text()).toBe('console.log(1)')
    const escape = await fetch(new URL('/%2e%2e/secret.txt', h.url))
    expect(escape.status).toBe(404)
  })

  it('round-trips a call to the handler table', async () => {
    const h = await start({ baseUrl: 'http://127.0.0.1:9' })
    const response = await call(h, INVOKE_CHANNELS.getAppState)
    const result = (await response.json()) as {
      ok: boolean
      value: { settings: { baseUrl: string } }
    }
    expect(result.ok).toBe(true)
    expect(result.value.settings.baseUrl).toBe('http://127.0.0.1:9')
    const invalid = (await (await call(h, INVOKE_CHANNELS.search, { limit: 'x' })).json()) as {
      ok: boolean
      error: { code: string }
    }
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('answers only requests for its own loopback address and port', async () => {
    const h = await start({ baseUrl: 'http://127.0.0.1:9' })
    const own = new URL(h.url).host
    const token = h.token
    // A DNS-rebinding name resolves to 127.0.0.1 but keeps its own name in Host.
    for (const host of ['evil.example', `evil.example:${new URL(h.url).port}`, 'localhost:1']) {
      const page = await rawRequest(h, { method: 'GET', path: '/', headers: { Host: host } })
      expect(page.status, host).toBe(403)
      expect(page.body).not.toContain('<div id="app">')
      const bridge = await rawRequest(h, {
        method: 'GET',
        path: '/__harness/bridge.js',
        headers: { Host: host }
      })
      expect(bridge.status, host).toBe(403)
      const answer = await rawCall(h, { Host: host, 'X-Harness-Token': token })
      expect(answer.status, host).toBe(403)
      expect(answer.body).not.toContain('127.0.0.1:9')
    }
    expect((await rawCall(h, { Host: own, 'X-Harness-Token': token })).status).toBe(200)
  })

  it('refuses calls from another origin, without a JSON body or without its token', async () => {
    const h = await start({ baseUrl: 'http://127.0.0.1:9' })
    const own = new URL(h.url)
    const host = own.host
    const token = h.token
    const ok = await rawCall(h, { Host: host, Origin: own.origin, 'X-Harness-Token': token })
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true })

    const foreign = await rawCall(h, {
      Host: host,
      Origin: 'https://evil.example',
      'X-Harness-Token': token
    })
    expect(foreign.status).toBe(403)
    // Another port on the same address is another origin.
    const otherPort = await rawCall(h, {
      Host: host,
      Origin: `http://127.0.0.1:${Number(own.port) + 1}`,
      'X-Harness-Token': token
    })
    expect(otherPort.status).toBe(403)
    // A form or a no-cors fetch from any page can send text/plain without a preflight.
    const plain = await rawCall(h, {
      Host: host,
      'Content-Type': 'text/plain',
      'X-Harness-Token': token
    })
    expect(plain.status).toBe(415)
    expect((await rawCall(h, { Host: host })).status).toBe(403)
    expect((await rawCall(h, { Host: host, 'X-Harness-Token': 'wrong' })).status).toBe(403)
    const events = await rawRequest(h, {
      method: 'GET',
      path: '/__harness/events',
      headers: { Host: host }
    })
    expect(events.status).toBe(403)
  })

  it('gives its page the per-run token, and no script of its own', async () => {
    const h = await start()
    expect(h.token).toMatch(/^[0-9a-f]{32,}$/)
    const html = await (await fetch(h.url)).text()
    expect(html).toContain(`<meta name="cb-harness-token" content="${h.token}">`)
    // A script can be included by any page (it runs there): the token is never in one.
    const script = await (await fetch(new URL('__harness/bridge.js', h.url))).text()
    expect(script).not.toContain(h.token)
  })

  it('answers 404 for an unknown channel', async () => {
    const h = await start()
    expect((await call(h, 'app:nope')).status).toBe(404)
  })

  it('sends sync status events over Server-Sent Events', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 250 })
    const h = await start({ baseUrl: mock.url, withKey: true })
    const abort = new AbortController()
    const stream = await fetch(eventsUrl(h), { signal: abort.signal })
    expect(stream.headers.get('content-type')).toBe('text/event-stream')
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader()
    await reader.read()
    await call(h, INVOKE_CHANNELS.startSync, { mode: 'full' })
    const events = await readEvents(reader, isSyncIdle)
    abort.abort()
    const sync = events.filter((event) => event.channel === EVENT_CHANNELS.syncStatus)
    expect(sync.map((event) => event.payload.phase)).toContain('running')
    expect(sync.at(-1)?.payload).toMatchObject({ phase: 'idle', lastError: null })
  })

  it('serves the transcript channels and events, and saves under its user-data folder', async () => {
    mock = await startMockApi({ apiKey: KEY, rows: 5 })
    const h = await start({ baseUrl: mock.url, withKey: true })
    const abort = new AbortController()
    const stream = await fetch(eventsUrl(h), { signal: abort.signal })
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader()
    await call(h, INVOKE_CHANNELS.startSync, { mode: 'full' })
    const events = await readEvents(
      reader,
      (event) =>
        event.channel === EVENT_CHANNELS.backfillStatus &&
        event.payload.phase === 'idle' &&
        event.payload.done === 5
    )
    expect(events.some((event) => event.channel === EVENT_CHANNELS.syncStatus)).toBe(true)

    const id = mock.list()[0]!.id
    const opened = (await (await call(h, INVOKE_CHANNELS.fetchTranscript, { id })).json()) as {
      value: { phase: string }
    }
    expect(opened.value.phase).toBe('fetching')
    const fetched = await readEvents(
      reader,
      (event) => event.channel === EVENT_CHANNELS.transcriptFetch && event.payload.phase === 'done'
    )
    expect(fetched.at(-1)?.payload).toMatchObject({ id, phase: 'done' })
    abort.abort()

    const transcript = (await (await call(h, INVOKE_CHANNELS.getTranscript, { id })).json()) as {
      value: { id: string; messages: unknown[] }
    }
    expect(transcript.value.id).toBe(id)
    const saved = await call(h, INVOKE_CHANNELS.saveTranscript, { id, format: 'json' })
    expect(await saved.json()).toEqual({ ok: true, value: { saved: true } })
    const file = join(savedFilesDir(join(dir, 'user-data')), `transcript-${id}.json`)
    if (process.platform !== 'win32') {
      const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8)
      expect(mode(savedFilesDir(join(dir, 'user-data')))).toBe('700')
      expect(mode(join(dir, 'archive.sqlite3'))).toBe('600')
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      id,
      messages: transcript.value.messages
    })
  })
})
