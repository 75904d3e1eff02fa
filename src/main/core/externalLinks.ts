/**
 * The hosts the app links to: where a person finds their API key (API_KEY_HELP_URL). A link
 * anywhere else, whatever shows it (a message of a transcript, a page that was tricked into
 * opening a window), is not opened: the system browser is outside the app's sandbox.
 */
const LINKED_HOSTS: ReadonlySet<string> = new Set(['app.autocalls.ai'])

/** Whether the shell may hand `url` to the system browser: https, a linked host, nothing else. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    LINKED_HOSTS.has(parsed.hostname)
  )
}
