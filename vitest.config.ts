import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

/**
 * Inline projects do not inherit the root's test options, so each sets its time limits: on a
 * loaded 2-core machine a test that starts the mock API and threads can pass 5 s, the default.
 */
const UNIT_LIMITS = { testTimeout: 30_000, hookTimeout: 30_000 }

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: [
            'src/main/**/*.test.ts',
            'src/shared/**/*.test.ts',
            'scripts/**/*.test.ts',
            'tests/*.test.ts'
          ],
          environment: 'node',
          ...UNIT_LIMITS
        }
      },
      {
        plugins: [vue()],
        resolve: {
          alias: {
            '@renderer': resolve('src/renderer/src'),
            '@shared': resolve('src/shared')
          }
        },
        test: {
          name: 'renderer',
          include: ['src/renderer/**/*.test.ts'],
          environment: 'happy-dom',
          ...UNIT_LIMITS
        }
      },
      {
        // Chromium through the browser harness, against the built renderer: one file at a time.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      }
    ]
  }
})
