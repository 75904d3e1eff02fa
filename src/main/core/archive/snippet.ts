import type { MessageSnippet, SnippetPart } from '../types'
import type { TranscriptTerm } from './ftsQuery'
import { foldWord, tokenize, type Token } from './textTokens'

/** About how many characters of a message a snippet shows around the first match. */
export const SNIPPET_CHARS = 160

/** A term as words to compare with a message's words, folded as the index folds them. */
interface CompiledTerm {
  words: string[]
  /** The last word matches any word it begins, as the search's completions of it do. */
  prefix: boolean
}

interface Span {
  start: number
  end: number
}

export interface SnippetMessage {
  position: number
  role: string
  content: string
}

function compile(term: TranscriptTerm): CompiledTerm {
  return { words: tokenize(term.text).map((token) => token.folded), prefix: term.prefix }
}

/** Where `term` occurs among a message's words. */
function occurrences(tokens: readonly Token[], term: CompiledTerm): Span[] {
  const spans: Span[] = []
  const last = term.words.length - 1
  for (let i = 0; i + last < tokens.length; i++) {
    const matches = term.words.every((word, j) => {
      const folded = tokens[i + j].folded
      return j === last && term.prefix ? folded.startsWith(word) : folded === word
    })
    if (matches) spans.push({ start: tokens[i].start, end: tokens[i + last].end })
  }
  return spans
}

/** Sorted, with overlapping spans merged. */
function merge(spans: Span[]): Span[] {
  const merged: Span[] = []
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const previous = merged.at(-1)
    if (previous && span.start <= previous.end) previous.end = Math.max(previous.end, span.end)
    else merged.push({ ...span })
  }
  return merged
}

/**
 * The window of about `chars` characters shown: from a little before the first match, moved
 * to word boundaries so no word is cut in half.
 */
function window(content: string, first: Span, chars: number): Span {
  if (content.length <= chars) return { start: 0, end: content.length }
  const lead = Math.max(0, Math.floor((chars - (first.end - first.start)) / 3))
  let start = Math.max(0, first.start - lead)
  let end = Math.min(content.length, start + chars)
  start = Math.max(0, end - chars)
  if (start > 0) {
    const space = content.slice(start, first.start).search(/\s/)
    if (space !== -1) start += space + 1
  }
  if (end < content.length) {
    const space = content.slice(Math.max(first.end, start), end).search(/\s\S*$/)
    if (space !== -1) end = Math.max(first.end, start) + space
  }
  return { start, end }
}

/** Text as one line: a snippet has no room for a message's line breaks. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ')
}

function parts(content: string, shown: Span, matches: readonly Span[]): SnippetPart[] {
  const result: SnippetPart[] = []
  const push = (text: string, match: boolean): void => {
    if (text !== '') result.push({ text: oneLine(text), match })
  }
  let at = shown.start
  if (shown.start > 0) push('…', false)
  for (const span of matches) {
    const start = Math.max(span.start, shown.start)
    const end = Math.min(span.end, shown.end)
    if (start >= end) continue
    push(content.slice(at, start), false)
    push(content.slice(start, end), true)
    at = end
  }
  push(content.slice(at, shown.end), false)
  if (shown.end < content.length) push('…', false)
  return result
}

/**
 * Where the words of a search were found in a transcript: the first message that holds every
 * term, else the first that holds any (the terms of a conversation may be spread over its
 * messages), as an excerpt of about SNIPPET_CHARS characters with the matched words marked.
 * Words are folded as the index folds them (case, Latin accents, spaceless scripts), and a
 * term's last word is a prefix where the search took it as one (toTextQuery). Reads messages
 * only until the first that holds every term. Null when none matches.
 */
export function messageSnippet(
  messages: Iterable<SnippetMessage>,
  terms: readonly TranscriptTerm[],
  chars = SNIPPET_CHARS
): MessageSnippet | null {
  const compiled = terms.map(compile).filter((term) => term.words.length > 0)
  if (compiled.length === 0) return null
  let best: { message: SnippetMessage; spans: Span[] } | null = null
  for (const message of messages) {
    // A term can occur in a message only if each of its words is in the folded text: most
    // messages are passed over this way without splitting them into words. Testing the first
    // word alone let "i …" or "the …" split nearly every message.
    const folded = foldWord(message.content)
    const possible = compiled.map((term) => term.words.every((word) => folded.includes(word)))
    if (!possible.includes(true)) continue
    const tokens = tokenize(message.content)
    const found = compiled.map((term, i) => (possible[i] ? occurrences(tokens, term) : []))
    const matched = found.filter((spans) => spans.length > 0).length
    if (matched === 0) continue
    if (matched === compiled.length || best === null) best = { message, spans: found.flat() }
    if (matched === compiled.length) break
  }
  if (best === null) return null
  const spans = merge(best.spans)
  const { content, role, position } = best.message
  return { role, position, parts: parts(content, window(content, spans[0], chars), spans) }
}
