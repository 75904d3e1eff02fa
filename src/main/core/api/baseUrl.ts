import { z } from 'zod'
import { UsageError } from '../errors'

export const DEFAULT_BASE_URL = 'https://app.autocalls.ai'

/** 127.0.0.0/8 as the URL parser writes it (it turns every spelling of an IPv4 into this). */
const LOOPBACK_IPV4 = /^127(\.\d{1,3}){3}$/

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || LOOPBACK_IPV4.test(hostname)
}

/**
 * The one rule for where the API key may be sent, used by the settings, the IPC schemas, the
 * CLI and the client: https to any host, plain http only to this computer (the mock API, a
 * local proxy), since over http the key would cross the network readable by anyone on the way.
 * Returns the address as every request builds on it, without trailing slashes; a UsageError
 * with a sentence for people otherwise, before any request is made.
 */
export function checkBaseUrl(value: string): string {
  const trimmed = value.trim().replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw new UsageError(`The API address "${value}" is not a URL.`)
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError('The API address must not contain a user name or password.')
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) {
    return trimmed
  }
  throw new UsageError(
    `The API address "${value.trim()}" must start with https://: plain http:// is only for a server on this computer (localhost).`
  )
}

/** checkBaseUrl as a schema: its sentence is the issue's message, its result the value. */
export const baseUrlSchema = z
  .string()
  .max(500)
  .transform((value, context) => {
    try {
      return checkBaseUrl(value)
    } catch (error) {
      // describeInputProblem ends the sentence itself.
      const message = error instanceof Error ? error.message.replace(/\.$/, '') : String(error)
      context.addIssue({ code: 'custom', message })
      return z.NEVER
    }
  })
