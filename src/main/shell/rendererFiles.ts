import { extname, resolve, sep } from 'node:path'

/** Sent with every page the app protocol serves, as well as the meta tag in index.html. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2'
}

export function rendererContentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file inside the renderer folder an app:// path names ('/' is index.html), or null when the
 * path would leave the folder: the protocol must never serve anything else from the disk.
 */
export function rendererFileFor(rendererDir: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const root = resolve(rendererDir)
  const relative = decoded === '/' || decoded === '' ? '/index.html' : decoded
  const file = resolve(root, `.${relative.startsWith('/') ? relative : `/${relative}`}`)
  return file.startsWith(root + sep) ? file : null
}
