/**
 * NUL ends a string in C: in text that reached SQLite it cut a full-text query short
 * ("unterminated string"), and it is never part of anything a person typed. Every door that
 * takes text to search refuses it with these words: the IPC schemas and the CLI.
 */
export const NUL_PROBLEM = 'must not contain a NUL character'

export function containsNul(value: string): boolean {
  return value.includes('\0')
}
