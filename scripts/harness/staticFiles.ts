import { readFile } from 'node:fs/promises'
import { rendererFileFor } from '../../src/main/shell/rendererFiles'
import { TOKEN_META_NAME } from './harnessProtocol'

/** The same content types and path-traversal check as the app:// protocol, so both serve alike. */
export { rendererContentType as contentTypeOf } from '../../src/main/shell/rendererFiles'

export async function readStatic(root: string, urlPath: string): Promise<Buffer | null> {
  const file = rendererFileFor(root, urlPath)
  if (!file) return null
  try {
    return await readFile(file)
  } catch {
    return null
  }
}

/**
 * Adds the bridge as a classic script before the renderer's module script runs, and before it
 * the run's token, which only a page served from the harness's own origin can read.
 */
export function injectBridge(html: string, bridgePath: string, token: string): string {
  const tag =
    `<meta name="${TOKEN_META_NAME}" content="${token}">\n    ` +
    `<script src="${bridgePath}"></script>`
  const moduleScript = html.search(/<script\b[^>]*type="module"/)
  if (moduleScript === -1) return html.replace('</head>', `  ${tag}\n  </head>`)
  return `${html.slice(0, moduleScript)}${tag}\n    ${html.slice(moduleScript)}`
}
