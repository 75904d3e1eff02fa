/**
 * Words as the archive's full-text indexes see them, for what is done in JavaScript: spacing out
 * text without spaces before it is indexed or searched, and finding the matched words of a
 * snippet. FTS5's `unicode61 remove_diacritics 2` is the reference; this follows it closely for
 * the scripts people write in (see textTokens.test.ts) but not for every code point: it uses
 * Unicode 6.1's tables, so a few symbols added later (some emoji) are word characters there.
 * Only highlighting depends on the difference: which rows match is always FTS5's answer.
 */

/**
 * Han, kana and Hangul letters. These scripts run words together without spaces, and unicode61
 * makes a whole run one token, so a word inside a sentence would never match: each of these
 * letters is indexed as a word of its own, and a run of them in a query becomes a phrase of its
 * letters, which finds it anywhere in a sentence (a substring match, as people expect there).
 */
const SPACELESS_LETTER =
  /(?=[\p{L}\p{N}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]/gu

/** A word: a spaceless letter alone, or a run of other letters, digits and Latin accents. */
const TOKEN = new RegExp(
  `${SPACELESS_LETTER.source}|(?:(?!${SPACELESS_LETTER.source})[\\p{L}\\p{N}\\p{Co}\\u0300-\\u036f])+`,
  'gu'
)

/** Latin accents that unicode61 strips (a combining mark after a Latin letter). */
const LATIN_ACCENTS = /(\p{Script=Latin})[\u0300-\u036f]+/gu

/** Case foldings that lower-casing misses and unicode61 makes. */
const FOLDS: Readonly<Record<string, string>> = {
  ς: 'σ',
  ſ: 's',
  µ: 'μ',
  ϐ: 'β',
  ϑ: 'θ',
  ϕ: 'φ',
  ϖ: 'π',
  ϰ: 'κ',
  ϱ: 'ρ',
  ϵ: 'ε'
}
const FOLDED = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'gu')

/** Each spaceless letter set apart by spaces, so unicode61 makes each one a token. */
export function spaceOutLetters(text: string): string {
  return text.replace(SPACELESS_LETTER, ' $& ')
}

const NON_ASCII = /[^\t\n\r\x20-\x7e]/

/** A word as the index keeps it: lower case, Latin letters without their accents. */
export function foldWord(word: string): string {
  // Most words are ASCII, which only needs lower-casing: 10 times as fast as normalizing.
  if (!NON_ASCII.test(word)) return word.toLowerCase()
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(LATIN_ACCENTS, '$1')
    .normalize('NFC')
    .replace(FOLDED, (letter) => FOLDS[letter])
}

/** ASCII letters and digits are the only ASCII word characters to unicode61. */
const ASCII_SEPARATORS = /[^a-z0-9]+/

/**
 * The folded words of a text, without where they are: what the word list of the transcripts
 * needs. ASCII text, most of it, is split without the full tokenizer, at half its cost.
 */
export function foldedWords(text: string): string[] {
  if (NON_ASCII.test(text)) return tokenize(text).map((token) => token.folded)
  return text
    .toLowerCase()
    .split(ASCII_SEPARATORS)
    .filter((word) => word !== '')
}

export interface Token {
  /** Where the word is in the text, in UTF-16 units. */
  start: number
  end: number
  folded: string
}

/** The words of a text, in order, each with where it is and how the index keeps it. */
export function tokenize(text: string): Token[] {
  return Array.from(text.matchAll(TOKEN), (match) => ({
    start: match.index,
    end: match.index + match[0].length,
    folded: foldWord(match[0])
  }))
}
