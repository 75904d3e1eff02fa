import { readFile } from 'node:fs/promises'
import { rendererFileFor } from '../../src/main/shell/rendererFiles'

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

/** Adds the bridge as a classic script before the renderer's module script runs. */
export function injectBridge(html: string, bridgePath: string): string {
  const tag = `<script src="${bridgePath}"></script>`
  const moduleScript = html.search(/<script\b[^>]*type="module"/)
  if (moduleScript === -1) return html.replace('</head>', `  ${tag}\n  </head>`)
  return `${html.slice(0, moduleScript)}${tag}\n    ${html.slice(moduleScript)}`
}
