import { homedir } from 'node:os'
import { join } from 'node:path'

/** The app's name, as Electron names its user-data folder after it. */
export const APP_NAME = 'Conversation Browser'

/** The folder Electron's `app.getPath('appData')` returns, computed without Electron. */
export function appDataFolder(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir()
): string {
  if (platform === 'win32') return env['APPDATA'] ?? join(home, 'AppData', 'Roaming')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support')
  return env['XDG_CONFIG_HOME'] || join(home, '.config')
}

/** The file name of an account's archive: one per API host, so demo data never mixes in. */
export function archiveFileName(baseUrl: string): string {
  const { host } = new URL(baseUrl)
  return `${host.replace(/[^a-zA-Z0-9.-]/g, '_')}.sqlite3`
}

/** Where the app keeps the archive for an API base URL; the CLI uses the same file. */
export function defaultArchivePath(baseUrl: string, userDataFolder?: string): string {
  const userData = userDataFolder ?? join(appDataFolder(), APP_NAME)
  return join(userData, 'archives', archiveFileName(baseUrl))
}
