/**
 * What a server wrote, made fit to show in an error: a person reads it on the screen or in the
 * CLI's output, and it may go to a log. A server (or a proxy on the way) that echoes the request
 * must not get the API key there, nor move a terminal's cursor with escape codes, nor fill a
 * dialog.
 */

/** Where a secret was. */
export const HIDDEN = '[hidden]'
/** Longest server text shown: a message or a title, never a page. */
export const MAX_SERVER_TEXT = 200

// An Authorization header's credentials, whatever key a server shows (another of the person's).
const CREDENTIALS = /\b(Bearer|Basic|Token)(\s+)[^\s"',;)]+/gi
// Control characters (ANSI escapes among them) and invisible format characters (bidi overrides).
const UNPRINTABLE = /[\p{Cc}\p{Cf}]+/gu

/** Every occurrence of the key taken out: the body is read through this before anything else. */
export function withoutSecret(text: string, secret: string): string {
  return secret !== '' && text.includes(secret) ? text.split(secret).join(HIDDEN) : text
}

/** One short line: no credentials, no control characters, at most MAX_SERVER_TEXT characters. */
export function cleanServerText(text: string): string {
  const line = text
    .replace(UNPRINTABLE, ' ')
    .replace(CREDENTIALS, `$1$2${HIDDEN}`)
    .replace(/\s+/g, ' ')
    .trim()
  return line.length > MAX_SERVER_TEXT ? `${line.slice(0, MAX_SERVER_TEXT)}...` : line
}
