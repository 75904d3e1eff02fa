import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { CrawlCheckpoint } from './archive'

/**
 * Test-only: a fresh temporary directory per test, removed after it. Call once at the top of a
 * test file; `tempFile()` then names a file inside the current test's directory.
 */
export function useTempDir(): { tempFile(name?: string): string } {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return {
    tempFile(name = 'archive.sqlite3') {
      const dir = mkdtempSync(join(tmpdir(), 'cb-archive-test-'))
      dirs.push(dir)
      return join(dir, name)
    }
  }
}

export function makeCheckpoint(overrides: Partial<CrawlCheckpoint> = {}): CrawlCheckpoint {
  return {
    mode: 'full',
    startedAt: '2025-02-01T00:00:00.000Z',
    cursor: null,
    pages: 0,
    rows: 0,
    ...overrides
  }
}
