import { readFile } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2'
}

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/** The file under root a URL path names, or null when it would leave root (path traversal). */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const base = resolve(root)
  const file = resolve(base, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`)
  return file === base || file.startsWith(base + sep) ? file : null
}

export async function readStatic(root: string, urlPath: string): Promise<Buffer | null> {
  const file = resolveInside(root, urlPath)
  if (!file) return null
  try {
    return await readFile(file)
  } catch {
    return null
  }
}

/** Adds the bridge as a classic script before the renderer's module script runs. */
export function injectBridge(html: string, bridgePath: string): string {
  const tag = `<script src="${bridgePath}"></script>`
  const moduleScript = html.search(/<script\b[^>]*type="module"/)
  if (moduleScript === -1) return html.replace('</head>', `  ${tag}\n  </head>`)
  return `${html.slice(0, moduleScript)}${tag}\n    ${html.slice(moduleScript)}`
}
