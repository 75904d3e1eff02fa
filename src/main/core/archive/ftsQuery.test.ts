import { describe, expect, it } from 'vitest'
import {
  MAX_ALL_COMPLETIONS,
  MAX_TERMS,
  MAX_TERM_WORDS,
  parseSearchText,
  toFtsQuery,
  toTextQuery
} from './ftsQuery'
import { PAIR_JOIN } from './wordPairs'

/** A phrase of the transcripts' pair tokens, as the query names it (wordPairs.ts). */
const pairs = (...words: string[]): string =>
  `"${words
    .slice(1)
    .map((word, i) => `${words[i]}${PAIR_JOIN}${word}`)
    .join(' ')}"`

describe('toFtsQuery', () => {
  it('makes each word a quoted prefix term', () => {
    expect(toFtsQuery('  jane   smith ')).toBe('"jane"* "smith"*')
  })

  it('doubles quotes so input never becomes FTS syntax', () => {
    expect(toFtsQuery('say "hi')).toBe('"say"* """hi"*')
    expect(toFtsQuery('NEAR(a OR b')).toBe('"NEAR(a" "OR"* "b"')
  })

  it('drops words with nothing to match, and returns null when none is left', () => {
    expect(toFtsQuery('* - jane')).toBe('"jane"*')
    expect(toFtsQuery('  ')).toBeNull()
    expect(toFtsQuery('"" - *')).toBeNull()
  })

  it('keeps letters of any script', () => {
    expect(toFtsQuery('Zoë 東京')).toBe('"Zoë"* "東京"*')
  })
})

describe('parseSearchText', () => {
  it('takes a balanced quoted phrase as one term, and everything around it as words', () => {
    expect(parseSearchText('refund "thank you for waiting" maria')).toEqual([
      { text: 'refund', phrase: false },
      { text: 'thank you for waiting', phrase: true },
      { text: 'maria', phrase: false }
    ])
    expect(parseSearchText('“smart quotes”')).toEqual([{ text: 'smart quotes', phrase: true }])
  })

  it('takes a quote without its pair as a plain character', () => {
    expect(parseSearchText('"open" closed and "dangling')).toEqual([
      { text: 'open', phrase: true },
      { text: 'closed', phrase: false },
      { text: 'and', phrase: false },
      { text: '"dangling', phrase: false }
    ])
  })

  it('leaves out repeated words, whatever their case or accents', () => {
    expect(parseSearchText('José jose JOSÉ "jose"').map((term) => term.text)).toEqual([
      'José',
      'jose'
    ])
  })

  it(`keeps at most ${MAX_TERMS} terms of at most ${MAX_TERM_WORDS} words`, () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`)
    expect(parseSearchText(words.join(' '))).toHaveLength(MAX_TERMS)
    const [phrase] = parseSearchText(`"${words.join(' ')}"`)
    expect(phrase.text.split(' ')).toHaveLength(MAX_TERM_WORDS)
    const [hyphenated] = parseSearchText(words.join('-'))
    expect(hyphenated.text.split('-')).toHaveLength(MAX_TERM_WORDS)
  })

  it('takes NUL, control and private-use characters as spaces', () => {
    expect(parseSearchText('a\u0000b\u0007c\uE000d')).toEqual(
      ['a', 'b', 'c', 'd'].map((text) => ({ text, phrase: false }))
    )
    expect(parseSearchText('\uD800x')).toEqual([{ text: 'x', phrase: false }])
  })
})

describe('toTextQuery', () => {
  /** Completions from a small index's words, as wordCompletions.ts reads them. */
  const WORDS = ['mail', 'mailbox', 'refund', 'refunded', 'refunds', 'tokyo']
  const complete = (prefix: string): string[] => WORDS.filter((word) => word.startsWith(prefix))

  it('gives the fields a prefix term per word, and the transcripts the words a prefix begins', () => {
    expect(toTextQuery('refun "thank you"', complete)).toMatchObject({
      fields: '"refun"* "thank you"',
      transcript: `("refund" OR "refunded" OR "refunds") AND ${pairs('thank', 'you')}`,
      terms: [
        { text: 'refun', phrase: false, prefix: true },
        { text: 'thank you', phrase: true, prefix: false }
      ]
    })
  })

  it('completes the last part of a word that FTS5 splits into several', () => {
    expect(toTextQuery('E-mai', complete)?.transcript).toBe('("E-mail" OR "E-mailbox")')
  })

  it('looks a phrase up as the phrase of its word pairs, folded', () => {
    expect(toTextQuery('"Señor can YOU"')?.transcript).toBe(pairs('senor', 'can', 'you'))
    expect(toTextQuery('e-mail')?.transcript).toBe(pairs('e', 'mail'))
    expect(toTextQuery('"one"')?.transcript).toBe('"one"')
  })

  it('takes a word whole when its prefix begins too many words, or none', () => {
    expect(toTextQuery('refund x', () => null)).toMatchObject({
      transcript: '"refund" AND "x"',
      terms: [
        { text: 'refund', prefix: false },
        { text: 'x', prefix: false }
      ]
    })
    expect(toTextQuery('zzz', complete)?.transcript).toBe('"zzz"')
  })

  it(`completes at most ${MAX_ALL_COMPLETIONS} words in all`, () => {
    const many = (prefix: string): string[] => Array.from({ length: 32 }, (_, i) => `${prefix}${i}`)
    const query = toTextQuery('a b c d e f', many)!
    expect(query.terms.map((term) => term.prefix)).toEqual([true, true, true, true, false, false])
    expect(query.transcript.split(' OR ')).toHaveLength(MAX_ALL_COMPLETIONS - 3)
  })

  it('spaces out Han, kana and Hangul letters for the transcripts, which index each alone', () => {
    expect(toTextQuery('東京 Tokyo東京 서울a', complete)?.transcript).toBe(
      `${pairs('東', '京')} AND ${pairs('tokyo', '東', '京')} AND ${pairs('서', '울', 'a')}`
    )
    expect(toTextQuery('東京')?.fields).toBe('"東京"*')
  })

  it('answers a hundred one-letter words with a few whole words: no one-letter prefix', () => {
    // A one-letter prefix merges every word it begins: 16 of them took 60-80 ms in the fields
    // index of 100,000 conversations, and grow with the archive; 16 whole letters took 0.6 ms.
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789'
    const hundred = Array.from({ length: 100 }, (_, i) => letters[i % letters.length])
    const query = toTextQuery(hundred.join(' '), () => null)!
    expect(query.terms).toHaveLength(MAX_TERMS)
    expect(query.lookups).toBe(MAX_TERMS)
    expect(query.fields).toBe(
      [...letters.slice(0, MAX_TERMS)].map((letter) => `"${letter}"`).join(' ')
    )
    expect(toTextQuery('NEAR(a jo')?.fields).toBe('"NEAR(a" "jo"*')
    // A Han letter is a word of its own: its prefix is what finds the names it begins.
    expect(toTextQuery('東')?.fields).toBe('"東"*')
  })

  it('is null when nothing searchable was typed', () => {
    expect(toTextQuery('"" * ( ) - ^ :')).toBeNull()
  })
})
