import { describe, expect, it } from 'vitest'
import type { MessageSnippet } from '../types'
import { toTextQuery, type TranscriptTerm } from './ftsQuery'
import { SNIPPET_CHARS, messageSnippet, type SnippetMessage } from './snippet'

function messages(...contents: string[]): SnippetMessage[] {
  return contents.map((content, position) => ({
    position,
    role: position % 2 === 0 ? 'user' : 'assistant',
    content
  }))
}

/** The terms of `text` as a search takes them, every word's last part a prefix. */
function terms(text: string): readonly TranscriptTerm[] {
  return toTextQuery(text, (prefix) => [prefix])?.terms ?? []
}

function snippet(text: string, ...contents: string[]): MessageSnippet | null {
  return messageSnippet(messages(...contents), terms(text))
}

/** The snippet with its matches in [brackets], to compare at a glance. */
function marked(result: MessageSnippet | null): string | null {
  return result && result.parts.map((p) => (p.match ? `[${p.text}]` : p.text)).join('')
}

describe('messageSnippet', () => {
  it('marks the matched words of the first message that holds every term', () => {
    const result = snippet(
      'refund order',
      'Hello, I need help.',
      'Your refund is on its way.',
      'The refund for order 12 was sent.',
      'Another order and refund.'
    )
    expect(result).toMatchObject({ role: 'user', position: 2 })
    expect(marked(result)).toBe('The [refund] for [order] 12 was sent.')
  })

  it('falls back to the first message that holds any term when none holds them all', () => {
    const result = snippet('refund invoice', 'Hello.', 'Your refund is sent.', 'The invoice too.')
    expect(result?.position).toBe(1)
    expect(marked(result)).toBe('Your [refund] is sent.')
  })

  it('folds case and accents, and matches a word’s beginning as the search does', () => {
    expect(marked(snippet('senor', 'Buenos días, SEÑOR Pérez.'))).toBe(
      'Buenos días, [SEÑOR] Pérez.'
    )
    expect(marked(snippet('EGLISE', 'À l’Église demain.'))).toBe('À l’[Église] demain.')
    expect(marked(snippet('deliv', 'Delivery tomorrow, delivered today.'))).toBe(
      '[Delivery] tomorrow, [delivered] today.'
    )
  })

  it('matches a word whole where the search did not take it as a prefix', () => {
    const whole = toTextQuery('deliv delivery', () => null)!.terms
    expect(marked(messageSnippet(messages('Deliv, delivery, delivered.'), whole))).toBe(
      '[Deliv], [delivery], delivered.'
    )
  })

  it('matches a phrase word for word, whole words only', () => {
    expect(marked(snippet('"thank you"', 'Thank your team.', 'Well, thank you!'))).toBe(
      'Well, [thank you]!'
    )
    expect(snippet('"thank you"', 'Thank your team.', 'you thank')).toBeNull()
  })

  it('finds Han, kana and Hangul words inside a sentence', () => {
    expect(marked(snippet('東京', '明日東京タワーに行きます'))).toBe('明日[東京]タワーに行きます')
    expect(marked(snippet('서울', '서울에서 만나요'))).toBe('[서울]에서 만나요')
  })

  it('matches hyphenated words as the phrase of their parts', () => {
    expect(marked(snippet('e-mail', 'Send an E-Mail, or an email.'))).toBe(
      'Send an [E-Mail], or an email.'
    )
  })

  it('shows about SNIPPET_CHARS characters around the first match, cut at word boundaries', () => {
    const before = 'word '.repeat(100)
    const after = ' tail'.repeat(100)
    const result = snippet('needle', `${before}needle${after}`)
    const text = result!.parts.map((part) => part.text).join('')
    expect(text.startsWith('…word ')).toBe(true)
    expect(text.endsWith(' tail…')).toBe(true)
    expect(text.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2)
    expect(text.length).toBeGreaterThan(SNIPPET_CHARS - 10)
    // The match sits in the first third, with context on both sides.
    expect(text.indexOf('needle')).toBeGreaterThan(20)
    expect(text.indexOf('needle')).toBeLessThan(SNIPPET_CHARS / 2)
  })

  it('puts a message on one line', () => {
    expect(marked(snippet('two', 'line one\n\nline two'))).toBe('line one line [two]')
  })

  it('is null when no message matches, or nothing searchable was asked', () => {
    expect(snippet('absent', 'Hello.', 'Goodbye.')).toBeNull()
    expect(snippet('"" *', 'Hello.')).toBeNull()
    expect(messageSnippet([], terms('hello'))).toBeNull()
  })

  it('reads messages only until the first that holds every term', () => {
    const read: number[] = []
    function* lazily(): Generator<SnippetMessage> {
      for (const message of messages('no', 'yes here', 'yes again', 'yes more')) {
        read.push(message.position)
        yield message
      }
    }
    expect(messageSnippet(lazily(), terms('yes'))?.position).toBe(1)
    expect(read).toEqual([0, 1])
  })
})
