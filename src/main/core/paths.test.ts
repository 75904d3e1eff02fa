import { describe, expect, it } from 'vitest'
import { appDataFolder, archiveFileName, defaultArchivePath } from './paths'

describe('archive paths', () => {
  it('follows Electron’s appData folder on each platform', () => {
    expect(appDataFolder('linux', {}, '/home/ana')).toBe('/home/ana/.config')
    expect(appDataFolder('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe('/cfg')
    expect(appDataFolder('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support')
    expect(appDataFolder('win32', { APPDATA: 'C:\\Roaming' }, 'C:\\Users\\ana')).toBe('C:\\Roaming')
  })

  it('keeps one archive per API host', () => {
    expect(archiveFileName('https://app.autocalls.ai')).toBe('app.autocalls.ai.sqlite3')
    expect(archiveFileName('http://127.0.0.1:4010/')).toBe('127.0.0.1_4010.sqlite3')
    expect(defaultArchivePath('https://app.autocalls.ai', '/data')).toBe(
      '/data/archives/app.autocalls.ai.sqlite3'
    )
  })
})
