import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'

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
      onlyLoadAppFromAsar: true
    })
  })

  it('builds for every platform and names the app', () => {
    expect(config.appId).toBe('ai.autocalls.conversationbrowser')
    expect(config.productName).toBe('Conversation Browser')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.win?.target).toEqual(['nsis'])
  })

  it('unpacks native modules and leaves sources out', () => {
    expect(config.asarUnpack).toContain('**/*.node')
    for (const folder of ['src', 'scripts', 'tests', 'docs']) {
      expect(config.files).toContain(`!${folder}/**`)
    }
  })

  it('points at real icons of the sizes the installers need', () => {
    expect(config.directories?.buildResources).toBe('resources')
    expect(pngSize(config.linux?.icon ?? '')).toEqual({ width: 512, height: 512 })
    expect(pngSize(config.mac?.icon ?? '')).toEqual({ width: 512, height: 512 })
    expect(pngSize(config.win?.icon ?? '')).toEqual({ width: 256, height: 256 })
  })
})
