import { spaceOutLetters, tokenize, type Token } from './textTokens'
import { wordPairs } from './wordPairs'

/**
 * What a person typed, as full-text queries. Nothing typed is ever FTS5 syntax: each word
 * becomes a quoted term (quotes doubled), so `AND`, `NEAR(`, `*`, `^`, `col:word`, `-x` and
 * SQL are plain words, and FTS5's own tokenizer splits them as it split the indexed text
 * (`e-mail` is the phrase `e mail`). A balanced "quoted phrase" is a phrase; a quote without its
 * pair is a plain character. Every term must match.
 */

/** A word matches as a prefix of a word (`jo` finds John); a phrase word for word. */
export interface SearchTerm {
  text: string
  phrase: boolean
}

/** A term as the transcripts' index looks for it: see toTextQuery. */
export interface TranscriptTerm extends SearchTerm {
  /** Its last word matches the indexed words it begins, not only itself. */
  prefix: boolean
}

/** The parsed terms and their queries for each full-text index. */
export interface TextQuery {
  terms: readonly TranscriptTerm[]
  /** For conversations_fts (names, variables): each word a quoted prefix term. */
  fields: string
  /** For transcripts_fts: see toTextQuery. */
  transcript: string
  /** How many words and phrases the transcripts' query looks up: what testing one row costs. */
  lookups: number
}

/**
 * The indexed words that begin with a folded prefix, in order, or null when there are more
 * than MAX_COMPLETIONS of them (see wordCompletions.ts).
 */
export type Completions = (prefix: string) => readonly string[] | null

/**
 * How many words a prefix may stand for in the transcripts' query, and all prefixes together.
 * Each is a term FTS5 reads (about 20 to 40 µs each over 100,000 transcripts, measured: an OR
 * of 32 common words took 1.3 ms to walk to a page, of 256 12 ms).
 */
export const MAX_COMPLETIONS = 32
export const MAX_ALL_COMPLETIONS = 128

/**
 * At most this many terms, and words in each: each term costs a look-up per index, so any
 * input, however long, is answered in bounded time. Words past the limit are left out.
 */
export const MAX_TERMS = 16
export const MAX_TERM_WORDS = 16

/**
 * The fewest characters a word's last part needs to be matched as a prefix in the fields'
 * index. FTS5 answers a prefix by merging the list of every word it begins; for one letter that
 * is a good share of all the words, read in full whatever the page size: 16 one-letter prefixes
 * took 60-80 ms over 100,000 conversations (and grow with the archive), 16 two-letter ones
 * 2.7 ms, 16 whole letters 0.6 ms. Han, kana and Hangul letters are words of their own (see
 * textTokens.ts), so one of them is a prefix still. In the transcripts a one-letter prefix
 * begins more than MAX_COMPLETIONS words in any real archive, and so is a whole word already.
 */
export const MIN_PREFIX_CHARS = 2

// Control characters (NUL among them) and lone surrogates end up as nothing FTS5 should see;
// private-use characters would let a search name the transcripts' message break.
const UNSEARCHABLE = /[\p{Cc}\p{Cs}\p{Co}]/gu
// Typographic quotes pair up as straight ones do.
const QUOTES = /[\u201C\u201D\u201E]/g
const SEARCHABLE = /[\p{L}\p{N}]/u

export function parseSearchText(input: string): SearchTerm[] {
  const text = input.replace(UNSEARCHABLE, ' ').replace(QUOTES, '"')
  const terms: SearchTerm[] = []
  const seen = new Set<string>()
  const add = (raw: string, phrase: boolean): void => {
    if (!SEARCHABLE.test(raw) || terms.length >= MAX_TERMS) return
    const words = tokenize(raw)
    const kept = words.length > MAX_TERM_WORDS ? raw.slice(0, words[MAX_TERM_WORDS - 1].end) : raw
    const key = `${phrase ? 'p' : 'w'}:${words
      .slice(0, MAX_TERM_WORDS)
      .map((word) => word.folded)
      .join(' ')}`
    if (seen.has(key)) return
    seen.add(key)
    terms.push({ text: phrase ? kept.trim() : kept, phrase })
  }
  const addWords = (part: string): void => {
    for (const word of part.split(/\s+/)) add(word, false)
  }

  let rest = text
  for (;;) {
    const open = rest.indexOf('"')
    const close = open === -1 ? -1 : rest.indexOf('"', open + 1)
    if (close === -1) break
    addWords(rest.slice(0, open))
    add(rest.slice(open + 1, close), true)
    rest = rest.slice(close + 1)
  }
  addWords(rest)
  return terms
}

function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`
}

/**
 * The queries for `input`, or null when nothing searchable was typed.
 *
 * The transcripts' index is never asked for a prefix: FTS5 answers one by merging the whole
 * list of every word it begins before yielding a match, which over ten million messages takes
 * seconds for a common letter. A word's last part is instead the OR of the indexed words it
 * begins (`refun` is `refund OR refunded OR refunds`), which FTS5 walks newest first and stops
 * at a page. A prefix that begins more than MAX_COMPLETIONS words (one or two letters, `the`
 * in a big archive) is matched as a whole word until more is typed, as are all prefixes past
 * MAX_ALL_COMPLETIONS. Han, kana and Hangul letters are words of their own in that index
 * (textTokens.ts): a run of them is a phrase of its letters (see wholeTerm), and needs no prefix.
 */
export function toTextQuery(input: string, complete: Completions = () => null): TextQuery | null {
  const parsed = parseSearchText(input)
  if (parsed.length === 0) return null
  let budget = MAX_ALL_COMPLETIONS
  const terms: TranscriptTerm[] = []
  const transcript: string[] = []
  for (const term of parsed) {
    const tokens = tokenize(term.text)
    const last = term.phrase ? undefined : tokens.at(-1)
    const spaceless = last !== undefined && /\s$/.test(spaceOutLetters(last.folded))
    const words = last === undefined || spaceless || budget <= 0 ? null : complete(last.folded)
    if (last === undefined || words === null || words.length === 0) {
      terms.push({ ...term, prefix: false })
      transcript.push(wholeTerm(term.text, tokens))
      continue
    }
    budget -= words.length
    const head = term.text.slice(0, last.start)
    const each = words.map((word) => quoted(spaceOutLetters(head + word).trim()))
    terms.push({ ...term, prefix: true })
    transcript.push(`(${each.join(' OR ')})`)
  }
  const fields = parsed.map((term) => quoted(term.text) + (isFieldPrefix(term) ? '*' : ''))
  return {
    terms,
    fields: fields.join(' '),
    transcript: transcript.join(' AND '),
    lookups: MAX_ALL_COMPLETIONS - budget + terms.filter((term) => !term.prefix).length
  }
}

/**
 * A term matched whole in the transcripts' index: one word as itself; several (a phrase, or a
 * word FTS5 splits, `e-mail`, or a run of Han letters) as the phrase of their pairs
 * (wordPairs.ts), which FTS5 finds from the pairs' short lists instead of checking the positions
 * of every transcript that holds all the words.
 */
function wholeTerm(text: string, tokens: readonly Token[]): string {
  const pairs = wordPairs(tokens.map((token) => token.folded))
  return quoted(pairs.length === 0 ? spaceOutLetters(text).trim() : pairs.join(' '))
}

/** Whether the fields' index looks for the term's last word as a prefix: see MIN_PREFIX_CHARS. */
function isFieldPrefix(term: SearchTerm): boolean {
  if (term.phrase) return false
  const last = tokenize(term.text).at(-1)
  if (last === undefined) return false
  return [...last.folded].length >= MIN_PREFIX_CHARS || /\s/.test(spaceOutLetters(last.folded))
}

/** The conversations_fts query alone: see toTextQuery. */
export function toFtsQuery(input: string): string | null {
  return toTextQuery(input)?.fields ?? null
}
