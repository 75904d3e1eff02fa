// Makes the native modules (better-sqlite3, keytar) match the runtime about to load them:
// `node` for the tests, benchmarks and CLI; `electron` for the app. Rebuilds only on a mismatch,
// so `npm test` and `npm start` work in either order.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const marker = join(root, 'node_modules', '.cache', 'conversation-browser', 'native-target')
const modules = ['better-sqlite3', 'keytar']
const target = process.argv[2]

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32'
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

function loadsUnderNode() {
  const probe = "new (require('better-sqlite3'))(':memory:').close(); require('keytar')"
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0
}

function saveTarget(value) {
  mkdirSync(dirname(marker), { recursive: true })
  writeFileSync(marker, value)
}

if (target === 'node') {
  if (!loadsUnderNode()) {
    console.error('Rebuilding native modules for Node.js…')
    run('npm', ['rebuild', ...modules])
  }
  saveTarget('node')
} else if (target === 'electron') {
  const version = createRequire(import.meta.url)('electron/package.json').version
  const wanted = `electron@${version}`
  const current = existsSync(marker) ? readFileSync(marker, 'utf8') : ''
  if (current !== wanted) {
    console.error(`Rebuilding native modules for Electron ${version}…`)
    run('npx', ['electron-builder', 'install-app-deps'])
    saveTarget(wanted)
  }
} else {
  console.error('usage: node scripts/ensure-native.mjs node|electron')
  process.exit(2)
}
