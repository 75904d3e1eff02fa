/**
 * Turns what a person typed into an FTS5 query: each word a quoted prefix term, quotes doubled,
 * so no input is ever FTS syntax (AND, NEAR, column filters, a stray quote). All words must
 * match. Returns null when nothing searchable was typed.
 */
export function toFtsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    // A word with no letter or digit has no tokens to match; as a term it would be an error.
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => `"${word.replaceAll('"', '""')}"*`)
  return terms.length === 0 ? null : terms.join(' ')
}
