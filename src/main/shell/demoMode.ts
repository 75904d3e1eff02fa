import { startMockApi, type MockApi } from '../core/mockApi/mockApiServer'

export const DEMO_API_KEY = 'demo-key-0000000000'
const DEMO_ROWS = 5_000
const DEMO_LATENCY_MS = 150
const DEMO_SEED = 2024

export function isDemoMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['CB_DEMO'] === '1'
}

/** The bundled mock API with generated conversations, on loopback, for `npm run demo`. */
export function startDemoApi(): Promise<MockApi> {
  return startMockApi({
    apiKey: DEMO_API_KEY,
    rows: DEMO_ROWS,
    seed: DEMO_SEED,
    latencyMs: DEMO_LATENCY_MS
  })
}
