// `npm run demo`: the app against the bundled mock API with 5,000 generated conversations, in
// its own user-data folder, so the real account's archive and keychain entry are never touched.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const electronVite = join(
  root,
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite'
)

function run(args, env = process.env) {
  const result = spawnSync(electronVite, args, {
    cwd: root,
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32'
  })
  if (result.error) throw result.error
  return result.status ?? 1
}

const built = ['main/index.js', 'preload/index.js', 'renderer/index.html'].every((file) =>
  existsSync(join(root, 'out', file))
)
if (!built) {
  console.log('Building the app first (out/ is missing)…')
  const status = run(['build'])
  if (status !== 0) process.exit(status)
}
spawnSync(process.execPath, [join(root, 'scripts', 'ensure-native.mjs'), 'electron'], {
  cwd: root,
  stdio: 'inherit'
})
process.exit(run(['preview'], { ...process.env, CB_DEMO: '1' }))
