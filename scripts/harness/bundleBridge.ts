import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const BRIDGE_ENTRY = fileURLToPath(new URL('./bridge.ts', import.meta.url))

/** Bundles a script for the page into one classic script (no imports left), as a page loads it. */
export async function bundleBrowserScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent'
  })
  const output = result.outputFiles[0]
  if (!output) throw new Error(`esbuild produced no script for ${entry}.`)
  return output.text
}

export function bundleBridge(): Promise<string> {
  return bundleBrowserScript(BRIDGE_ENTRY)
}
