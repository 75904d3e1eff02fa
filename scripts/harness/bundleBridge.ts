import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const BRIDGE_ENTRY = fileURLToPath(new URL('./bridge.ts', import.meta.url))

/** Bundles the bridge into one classic script (no imports left), as the page loads it. */
export async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [BRIDGE_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent'
  })
  const output = result.outputFiles[0]
  if (!output) throw new Error('esbuild produced no bridge script.')
  return output.text
}
