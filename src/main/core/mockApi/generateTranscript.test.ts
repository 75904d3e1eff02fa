import { describe, expect, it } from 'vitest'
import { apiConversationDetailSchema } from '../api/conversationDetailSchema'
import type { ApiConversationJson } from '../api/conversationSchema'
import { generateConversation } from './generateConversations'
import {
  caseNumberOf,
  expectedTranscript,
  generateTranscript,
  TRANSCRIPT_PHRASES,
  transcriptLanguageOf
} from './generateTranscript'

const TOTAL = 2_000
const rows = Array.from({ length: TOTAL }, (_, i) => generateConversation(i, { total: TOTAL }))
const transcripts = rows.map((row) => generateTranscript(row))

function withCount(row: ApiConversationJson, count: number): ApiConversationJson {
  return { ...row, message_count: count }
}

describe('generateTranscript', () => {
  it('holds exactly message_count messages, the turns alternating, the same on every call', () => {
    rows.forEach((row, i) => expect(transcripts[i]).toHaveLength(row.message_count))
    expect(transcripts.some((history) => history.length === 0)).toBe(true)
    const widget = rows.find((r) => r.type === 'widget' && r.message_count >= 4)
    const whatsapp = rows.find((r) => r.type === 'whatsapp' && r.message_count >= 4)
    if (!widget || !whatsapp) throw new Error('no rows to look at')
    expect(generateTranscript(widget).map((m) => m.role)).toEqual(
      Array.from({ length: widget.message_count }, (_, i) => (i % 2 ? 'user' : 'assistant'))
    )
    expect(generateTranscript(whatsapp)[0].role).toBe('user')
    expect(generateTranscript(whatsapp)[1].role).toBe('assistant')
    expect(generateTranscript(widget)).toEqual(generateTranscript({ ...widget }))
  })

  it('keeps the earlier messages when a conversation grows', () => {
    const row = rows.find((r) => r.message_count >= 5)
    if (!row) throw new Error('no row to grow')
    const before = generateTranscript(row)
    const after = generateTranscript(withCount(row, row.message_count + 40))
    expect(after.slice(0, before.length)).toEqual(before)
    expect(after).toHaveLength(before.length + 40)
  })

  it('produces histories the client’s schema accepts', () => {
    for (const history of transcripts.slice(0, 500)) {
      apiConversationDetailSchema.parse({ status: true, history, variables: null })
    }
  })

  it('lets some assistant turns call functions, some of them without text', () => {
    const calling = transcripts.flat().filter((m) => m.function_calls)
    expect(calling.length).toBeGreaterThan(100)
    expect(calling.every((m) => m.role === 'assistant')).toBe(true)
    expect(calling.some((m) => m.content === null)).toBe(true)
    expect(calling.some((m) => typeof m.content === 'string')).toBe(true)
    for (const call of calling.flatMap((m) => m.function_calls ?? [])) {
      expect(call).toEqual({
        name: expect.any(String),
        arguments: expect.any(Object),
        result: expect.any(Object)
      })
    }
    expect(transcripts.flat().every((m) => m.function_calls || m.content !== null)).toBe(true)
  })

  it('speaks several languages: accents, emoji, and scripts without spaces', () => {
    const text = transcripts.flat().map((m) => m.content ?? '')
    for (const phrase of Object.values(TRANSCRIPT_PHRASES)) {
      expect(
        text.some((content) => content.includes(phrase)),
        phrase
      ).toBe(true)
    }
    const languages = new Set(rows.map((row) => transcriptLanguageOf(row.id)))
    expect(languages).toEqual(new Set(['en', 'es', 'fr', 'pt', 'de', 'ja', 'zh']))
    const japanese = rows.find((r) => transcriptLanguageOf(r.id) === 'ja' && r.message_count > 2)
    expect(generateTranscript(japanese ?? rows[0])[0].content).not.toMatch(/ /)
  })

  it('says the rare phrase in only a few transcripts', () => {
    const saying = transcripts.filter((history) =>
      history.some((m) => m.content?.includes(TRANSCRIPT_PHRASES.rare))
    )
    expect(saying.length).toBeGreaterThan(10)
    expect(saying.length).toBeLessThan(0.1 * TOTAL)
  })

  it('names a case number of the conversation’s own in its first reply to the customer', () => {
    const replied = rows.filter((row) => row.message_count >= 3)
    for (const row of replied.slice(0, 200)) {
      const history = generateTranscript(row)
      const at = row.type === 'widget' ? 2 : 1
      expect(history[at].content).toContain(caseNumberOf(row.id))
      const mentions = history.filter((m) => m.content?.includes(caseNumberOf(row.id)))
      expect(mentions).toHaveLength(1)
    }
    expect(caseNumberOf(rows[0].id)).toMatch(/^CB[0-9A-F]{8}$/)
    expect(new Set(replied.map((row) => caseNumberOf(row.id))).size).toBe(replied.length)
  })

  it('makes a transcript of any length on request', () => {
    expect(generateTranscript(withCount(rows[0], 5_000))).toHaveLength(5_000)
  })
})

describe('expectedTranscript', () => {
  it('is the transcript as the client hands it on: null text as empty', () => {
    const row = rows.find((_, i) => transcripts[i].some((m) => m.content === null))
    if (!row) throw new Error('no transcript with a function-call-only turn')
    const expected = expectedTranscript(row)
    const raw = generateTranscript(row)
    expected.forEach((message, i) => {
      expect(message.content).toBe(raw[i].content ?? '')
      expect(message.function_calls).toEqual(raw[i].function_calls)
      expect('function_calls' in message).toBe('function_calls' in raw[i])
    })
  })
})
