import { defineConfig } from 'vitest/config'

/**
 * The reliability proofs (`npm run test:reliability`): crash safety, disk and file faults, the
 * wire, IPC abuse, secrets and Electron's checklist. Each file records what it saw in
 * test-artifacts/reliability, from which scripts/reliability/writeReport.ts writes
 * docs/reliability.md. One file at a time: the crash proof times its kills, and on a shared
 * two-core machine another file's load would change where they land.
 */
export default defineConfig({
  test: {
    name: 'reliability',
    include: ['tests/reliability/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000
  }
})
