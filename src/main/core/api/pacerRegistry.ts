import { createHash } from 'node:crypto'
import { checkBaseUrl } from './baseUrl'
import { createRatePacer, type RatePacer, type RatePacerOptions } from './ratePacer'

/**
 * The pacers of the API keys in use, one per key at one API origin, living as long as the
 * registry: Laravel's throttle counts every request of the key whatever the endpoint, so the
 * list sync, the transcript backfill and a transcript opened by hand must draw on one budget,
 * and a client made afresh (a new sync, a key saved again) must find the budget the last one
 * left. The path of a base URL does not matter: one server, one throttle.
 */
export interface PacerRegistry {
  pacerFor(baseUrl: string, apiKey: string): RatePacer
}

export function createPacerRegistry(options: RatePacerOptions = {}): PacerRegistry {
  const pacers = new Map<string, RatePacer>()
  return {
    pacerFor(baseUrl, apiKey) {
      const origin = new URL(checkBaseUrl(baseUrl)).origin
      // A digest, so that the registry keeps no copy of a secret for as long as the app runs.
      const key = `${origin} ${createHash('sha256').update(apiKey.trim()).digest('hex')}`
      let pacer = pacers.get(key)
      if (!pacer) {
        pacer = createRatePacer(options)
        pacers.set(key, pacer)
      }
      return pacer
    }
  }
}
