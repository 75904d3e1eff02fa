import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { TOKEN_HEADER, TOKEN_PARAMETER } from './harnessProtocol'

/**
 * Who may talk to the harness. It answers for the API key and the archive, so a page on
 * another site must not reach it: neither by a DNS-rebinding name that resolves to loopback
 * (its Host is that name), nor by a cross-site request (its Origin is that site, and a form or
 * a no-cors fetch can only send text/plain, which is refused), nor by anything that has not
 * read this run's token from the harness's own page.
 */
export interface RequestGuard {
  /** The reason to refuse any request, or null: its Host and Origin are the harness's own. */
  refuseForeign(request: IncomingMessage): Refusal | null
  /** The reason to refuse an IPC call, or null: a JSON body and this run's token. */
  refuseCall(request: IncomingMessage): Refusal | null
  /** The reason to refuse the event stream, or null: this run's token in its query. */
  refuseEvents(url: URL): Refusal | null
}

export interface Refusal {
  status: 403 | 415
  message: string
}

/** `host` is the harness's own, as in its URL: `127.0.0.1:43121`, `[::1]:43121`. */
export function createRequestGuard(host: string, token: string): RequestGuard {
  const ownHost = host.toLowerCase()
  const ownOrigin = `http://${ownHost}`
  const forbidden = (message: string): Refusal => ({ status: 403, message })
  return {
    refuseForeign(request) {
      if (request.headers.host?.toLowerCase() !== ownHost) return forbidden('Unknown host')
      const origin = request.headers.origin
      if (origin !== undefined && origin.toLowerCase() !== ownOrigin) {
        return forbidden('Foreign origin')
      }
      return null
    },
    refuseCall(request) {
      const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
      if (type !== 'application/json') {
        return { status: 415, message: 'Calls take application/json' }
      }
      const given = request.headers[TOKEN_HEADER]
      return typeof given === 'string' && sameToken(given, token) ? null : forbidden('No token')
    },
    refuseEvents(url) {
      const given = url.searchParams.get(TOKEN_PARAMETER)
      return given !== null && sameToken(given, token) ? null : forbidden('No token')
    }
  }
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}
