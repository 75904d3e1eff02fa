import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import type { Stats } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { parse } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'

interface BuilderConfig {
  appId?: string
  productName?: string
  directories?: { buildResources?: string }
  files?: string[]
  asarUnpack?: string[]
  electronFuses?: Record<string, boolean>
  linux?: { target?: string[]; icon?: string }
  mac?: { target?: string[]; icon?: string }
  win?: { target?: string[]; icon?: string }
}

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig

/** electron-builder's own choice of the app's files (app-builder-lib, as `electron-builder` runs it). */
interface FileMatcher {
  createFilter(): (file: string, stat: Stats) => boolean
}
type GetMainFileMatchers = (
  appDir: string,
  destination: string,
  macroExpander: (pattern: string) => string,
  platformSpecificBuildOptions: object,
  platformPackager: object,
  outDir: string,
  isElectronCompile: boolean
) => FileMatcher[]
const { getMainFileMatchers } = createRequire(import.meta.url)(
  'app-builder-lib/out/fileMatcher'
) as { getMainFileMatchers: GetMainFileMatchers }

/** The files electron-builder would put into app.asar from `appDir` (node_modules aside). */
function packedFiles(appDir: string): string[] {
  const [matcher] = getMainFileMatchers(
    appDir,
    '/app',
    (pattern) => pattern,
    {},
    {
      info: {
        projectDir: appDir,
        buildResourcesDir: config.directories?.buildResources ?? 'build',
        // A copy: electron-builder adds its own patterns to the list it is given.
        config: structuredClone(config),
        isPrepackedAppAsar: false,
        debugLogger: { isEnabled: false }
      }
    },
    join(appDir, 'dist'),
    false
  )
  const accepts = matcher!.createFilter()
  const files: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      const stat = statSync(path)
      if (name === 'node_modules' || !accepts(path, stat)) continue
      if (stat.isDirectory()) walk(path)
      else files.push(relative(appDir, path).split('\\').join('/'))
    }
  }
  walk(appDir)
  return files.sort()
}

let tree: string | null = null
afterEach(() => {
  if (tree) rmSync(tree, { recursive: true, force: true })
  tree = null
})

function makeTree(files: string[]): string {
  tree = mkdtempSync(join(tmpdir(), 'cb-packaging-'))
  for (const file of files) {
    mkdirSync(dirname(join(tree, file)), { recursive: true })
    writeFileSync(join(tree, file), 'x')
  }
  return tree
}

function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path)
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe('electron-builder.yml', () => {
  it('sets every security fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false
    })
  })

  it('packs the build output and package.json, and nothing else that lies in the tree', () => {
    const wanted = [
      'out/main/index.js',
      'out/main/chunks/writerWorker.js',
      'out/preload/index.js',
      'out/renderer/index.html',
      'out/renderer/assets/index.js',
      'package.json'
    ]
    const stray = [
      'archive.sqlite3',
      'archive.sqlite3-wal',
      'app.autocalls.ai.sqlite3-shm',
      'customers.db',
      '.ci/run',
      '.env',
      '.scratch/notes.txt',
      'test-artifacts/screenshots/search-light.png',
      'coverage/index.html',
      'src/main/index.ts',
      'scripts/harness/main.ts',
      'tests/e2e/browse.test.ts',
      'docs/security.md',
      'README.md',
      'package-lock.json',
      'tsconfig.json',
      'notes.md',
      'dist/linux-unpacked/resources/app.asar',
      'resources/icon.png',
      'electron-builder.yml'
    ]
    expect(packedFiles(makeTree([...wanted, ...stray]))).toEqual([...wanted].sort())
  })

  it('builds for every platform and names the app', () => {
    expect(config.appId).toBe('ai.autocalls.conversationbrowser')
    expect(config.productName).toBe('Conversation Browser')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.win?.target).toEqual(['nsis'])
  })

  it('unpacks native modules', () => {
    expect(config.asarUnpack).toContain('**/*.node')
  })

  it('points at real icons of the sizes the installers need', () => {
    expect(config.directories?.buildResources).toBe('resources')
    expect(pngSize(config.linux?.icon ?? '')).toEqual({ width: 512, height: 512 })
    expect(pngSize(config.mac?.icon ?? '')).toEqual({ width: 512, height: 512 })
    expect(pngSize(config.win?.icon ?? '')).toEqual({ width: 256, height: 256 })
  })
})
