import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rendererContentType, rendererFileFor } from './rendererFiles'

const ROOT = resolve('/opt/app/out/renderer')

describe('rendererFileFor', () => {
  it('maps paths inside the renderer folder', () => {
    expect(rendererFileFor(ROOT, '/')).toBe(join(ROOT, 'index.html'))
    expect(rendererFileFor(ROOT, '/assets/index-abc.js')).toBe(join(ROOT, 'assets', 'index-abc.js'))
  })

  it('refuses anything that leaves the folder', () => {
    expect(rendererFileFor(ROOT, '/../main/index.js')).toBeNull()
    expect(rendererFileFor(ROOT, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull()
    expect(rendererFileFor(ROOT, '/assets/%00.js')).toBeNull()
    expect(rendererFileFor(ROOT, '/%E0%A4%A')).toBeNull()
    expect(rendererFileFor(ROOT, '/../renderer-evil/x.js')).toBeNull()
  })

  it('names content types', () => {
    expect(rendererContentType('/a/index.html')).toContain('text/html')
    expect(rendererContentType('/a/x.js')).toContain('javascript')
    expect(rendererContentType('/a/x.bin')).toBe('application/octet-stream')
  })
})
