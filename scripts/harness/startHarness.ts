import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createIpcHandlers, type IpcHandlers } from '../../src/main/core/ipc/createIpcHandlers'
import { makePrivateDir } from '../../src/main/core/privateFiles'
import { createMemorySecretStore } from '../../src/main/core/secrets/memorySecretStore'
import type { SecretStore } from '../../src/main/core/secrets/secretStore'
import type { EventSink } from '../../src/main/core/ipc/eventSink'
import { EVENT_CHANNELS, INVOKE_CHANNELS, type InvokeMethod } from '../../src/shared/ipc/contract'
import { bundleBridge } from './bundleBridge'
import { BRIDGE_PATH, EVENTS_PATH, IPC_PREFIX } from './harnessProtocol'
import { createRequestGuard, type Refusal, type RequestGuard } from './requestGuard'
import { contentTypeOf, injectBridge, readStatic } from './staticFiles'
import { SOURCE_READER_ENTRY } from '../../src/main/core/reader/readerEntry'
import { SOURCE_EXPORT_ENTRY } from '../../src/main/core/export/exportEntry'
import { SOURCE_WRITER_ENTRY } from '../../src/main/core/sync/writerEntry'

export interface HarnessOptions {
  /** The archive file every base URL maps to. */
  dbPath: string
  baseUrl?: string
  /**
   * Settings folder; a temporary one (removed on close) when absent. A browser has no save
   * dialog: saving a transcript writes it to `saved/<the offered name>` in this folder.
   */
  userDataDir?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Only loopback addresses are accepted: the harness answers for the API key. */
  host?: string
  secretStore?: SecretStore
  /** The built renderer; default out/renderer. */
  rendererDir?: string
  fetch?: typeof fetch
  /** The worker threads' programs; by default their sources, run through tsx. */
  writerEntry?: string
  readerEntry?: string
  exportEntry?: string
}

export interface Harness {
  url: string
  /**
   * This run's secret: every call carries it (header x-harness-token, the events stream a
   * `token` parameter). The page reads it from a meta tag, which no other site can read.
   */
  token: string
  close(): Promise<void>
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost'])
/** Large enough for any real input; bigger bodies are refused before parsing. */
const MAX_BODY_BYTES = 1_000_000

const METHOD_BY_CHANNEL = new Map<string, InvokeMethod>(
  (Object.entries(INVOKE_CHANNELS) as [InvokeMethod, string][]).map(([method, channel]) => [
    channel,
    method
  ])
)

/**
 * The built renderer in a plain browser, with `window.api` forwarded over HTTP to the very
 * handler table the Electron main process uses. For end-to-end tests and development only.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const host = options.host ?? '127.0.0.1'
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`The harness listens on loopback only, not on ${host}.`)
  }
  const rendererDir = resolve(options.rendererDir ?? 'out/renderer')
  const indexFile = join(rendererDir, 'index.html')
  if (!existsSync(indexFile)) {
    throw new Error(`No built renderer at ${rendererDir}: run \`npx electron-vite build\` first.`)
  }
  const token = randomBytes(24).toString('hex')
  const indexHtml = injectBridge(readFileSync(indexFile, 'utf8'), BRIDGE_PATH, token)
  const bridgeScript = await bundleBridge()

  const temporaryUserData = options.userDataDir ? null : mkdtempSync(join(tmpdir(), 'cb-harness-'))
  const userDataDir = options.userDataDir ?? (temporaryUserData as string)
  const eventStreams = new Set<ServerResponse>()
  const broadcast: EventSink = (event, payload) => {
    const data = JSON.stringify({ channel: EVENT_CHANNELS[event], payload })
    for (const stream of eventStreams) stream.write(`data: ${data}\n\n`)
  }
  const handlers = createIpcHandlers({
    userDataDir,
    secretStore: options.secretStore ?? createMemorySecretStore(),
    fetch: options.fetch,
    archivePathFor: () => options.dbPath,
    defaultBaseUrl: options.baseUrl,
    writerEntry: options.writerEntry ?? SOURCE_WRITER_ENTRY,
    readerEntry: options.readerEntry ?? SOURCE_READER_ENTRY,
    exportEntry: options.exportEntry ?? SOURCE_EXPORT_ENTRY,
    emit: broadcast,
    chooseSavePath: async (defaultName) => {
      const folder = savedFilesDir(userDataDir)
      makePrivateDir(folder)
      return join(folder, defaultName)
    }
  })

  // Made once the port is known; nothing is answered before that.
  let guard: RequestGuard | null = null
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      console.error('Harness request failed:', error)
      if (!response.headersSent) send(response, 500, 'text/plain', 'Internal error')
      else response.end()
    })
  })

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!guard) return refuse(response, { status: 403, message: 'Not ready' })
    const foreign = guard.refuseForeign(request)
    if (foreign) return refuse(response, foreign)
    const url = new URL(request.url ?? '/', 'http://harness')
    const path = url.pathname
    if (request.method === 'POST' && path.startsWith(IPC_PREFIX)) {
      const refused = guard.refuseCall(request)
      if (refused) return refuse(response, refused)
      return invoke(handlers, decodeURIComponent(path.slice(IPC_PREFIX.length)), request, response)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, 'text/plain', 'Method not allowed')
    }
    if (path === BRIDGE_PATH) return send(response, 200, contentTypeOf(BRIDGE_PATH), bridgeScript)
    if (path === EVENTS_PATH) {
      const refused = guard.refuseEvents(url)
      if (refused) return refuse(response, refused)
      return openEventStream(response)
    }
    if (path === '/' || path === '/index.html') {
      return send(response, 200, contentTypeOf(indexFile), indexHtml)
    }
    const file = await readStatic(rendererDir, path)
    if (!file) return send(response, 404, 'text/plain', 'Not found')
    send(response, 200, contentTypeOf(path), file)
  }

  function openEventStream(response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive'
    })
    response.write(': connected\n\n')
    eventStreams.add(response)
    response.on('close', () => eventStreams.delete(response))
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolveListen())
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host === '::1' ? '[::1]' : host
  guard = createRequestGuard(`${urlHost}:${port}`, token)

  return {
    url: `http://${urlHost}:${port}/`,
    token,
    async close() {
      for (const stream of eventStreams) stream.end()
      eventStreams.clear()
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose())
        server.closeAllConnections()
      })
      await handlers.dispose()
      if (temporaryUserData) rmSync(temporaryUserData, { recursive: true, force: true })
    }
  }
}

/** Where the harness saves what the app would ask a save dialog about (see userDataDir). */
export function savedFilesDir(userDataDir: string): string {
  return join(userDataDir, 'saved')
}

async function invoke(
  handlers: IpcHandlers,
  channel: string,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  const method = METHOD_BY_CHANNEL.get(channel)
  if (!method) return send(response, 404, 'text/plain', `No IPC channel ${channel}`)
  const body = await readBody(request)
  let input: unknown
  try {
    input = body === '' ? undefined : (JSON.parse(body) as { input?: unknown }).input
  } catch {
    return send(response, 400, 'text/plain', 'The body is not JSON')
  }
  const result = await handlers[method](input ?? undefined)
  send(response, 200, 'application/json', JSON.stringify(result))
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large')
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function refuse(response: ServerResponse, refusal: Refusal): void {
  send(response, refusal.status, 'text/plain', refusal.message)
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer
): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' })
  response.end(body)
}
