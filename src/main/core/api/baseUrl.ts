import { UsageError } from '../errors'

export const DEFAULT_BASE_URL = 'https://app.autocalls.ai'

/** The API's address as every request builds on it: http(s), without trailing slashes. */
export function checkBaseUrl(value: string): string {
  const trimmed = value.trim().replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw new UsageError(`The API address "${value}" is not a URL.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`The API address "${value}" must start with https:// or http://.`)
  }
  return trimmed
}
