import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { DEEP_LINK_SCHEME } from '../../shared/deepLink'

describe('the conversation-browser:// scheme', () => {
  it('is registered by the installers, under the name the parser reads', () => {
    const config = parse(readFileSync('electron-builder.yml', 'utf8')) as {
      protocols?: { name: string; schemes: string[] }[]
    }
    expect(config.protocols?.flatMap((protocol) => protocol.schemes)).toEqual([DEEP_LINK_SCHEME])
  })
})
