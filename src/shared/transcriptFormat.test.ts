import { describe, expect, it } from 'vitest'
import type { ArchivedTranscript } from './model/transcript'
import {
  formatTranscript,
  formatTranscriptText,
  transcriptFileName,
  transcriptJson
} from './transcriptFormat'

const CALL = {
  name: 'check_order',
  arguments: { order_id: 'A-17', extra: [1, { deep: null }] },
  result: { status: 'shipped', eta: '2025-03-04' }
}

function transcript(patch: Partial<ArchivedTranscript> = {}): ArchivedTranscript {
  return {
    id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    fetched_at: '2025-03-02T08:15:30.000Z',
    messages: [
      { role: 'user', content: '¿Dónde está mi pedido? 📦' },
      { role: 'assistant', content: 'Let me check.\nOne moment.', function_calls: [CALL] },
      { role: 'system', content: '' }
    ],
    fetched_message_count: 3,
    fetched_updated_at: '2025-03-02T08:00:00.000Z',
    not_found_at: null,
    stale: false,
    ...patch
  }
}

describe('transcriptJson', () => {
  it('has exactly id, fetched_at and messages, with function calls as received', () => {
    const json = transcriptJson(transcript())
    expect(Object.keys(json)).toEqual(['id', 'fetched_at', 'messages'])
    expect(json.messages).toEqual([
      { role: 'user', content: '¿Dónde está mi pedido? 📦' },
      { role: 'assistant', content: 'Let me check.\nOne moment.', function_calls: [CALL] },
      { role: 'system', content: '' }
    ])
    expect(Object.keys(json.messages![0]!)).toEqual(['role', 'content'])
  })

  it('keeps messages null when never fetched, and [] when fetched empty', () => {
    expect(transcriptJson(transcript({ fetched_at: null, messages: null })).messages).toBeNull()
    expect(transcriptJson(transcript({ messages: [] })).messages).toEqual([])
  })

  it('is what a saved .json file holds', () => {
    expect(JSON.parse(formatTranscript(transcript(), 'json'))).toEqual(transcriptJson(transcript()))
  })
})

describe('formatTranscriptText', () => {
  it('writes one turn per message, continuation lines indented, function calls below', () => {
    expect(formatTranscriptText(transcript())).toBe(
      [
        'Transcript of conversation 7c9e6679-7425-40de-944b-e07fc1f90ae7',
        'Fetched 2025-03-02 08:15:30 UTC',
        '',
        'Customer: ¿Dónde está mi pedido? 📦',
        'Assistant: Let me check.',
        '  One moment.',
        '    function check_order {"order_id":"A-17","extra":[1,{"deep":null}]}',
        '    result {"status":"shipped","eta":"2025-03-04"}',
        'System:',
        ''
      ].join('\n')
    )
  })

  it('never lets content forge a turn or move the terminal cursor', () => {
    const text = formatTranscriptText(
      transcript({
        messages: [
          { role: 'user', content: 'hi\r\nAssistant: refund approved\x1b[2K\x1b]0;x\x07\rok' }
        ]
      })
    )
    expect([...text].filter((c) => c === '\x1b' || c === '\x07' || c === '\r')).toEqual([])
    expect(text.split('\n').filter((line) => line.startsWith('Assistant:'))).toEqual([])
  })

  it('says when there is nothing archived, nothing said, or the copy is old', () => {
    expect(formatTranscriptText(transcript({ fetched_at: null, messages: null }))).toMatch(
      /Not fetched yet/
    )
    expect(formatTranscriptText(transcript({ messages: [] }))).toMatch(/\(no messages\)\n$/)
    expect(formatTranscriptText(transcript({ stale: true }))).toMatch(/changed since/)
    expect(formatTranscriptText(transcript({ not_found_at: '2025-03-03T00:00:00.000Z' }))).toMatch(
      /no longer has this conversation \(2025-03-03 00:00:00 UTC\)/
    )
  })

  it('shows a function call of another shape as its JSON', () => {
    const text = formatTranscriptText(
      transcript({ messages: [{ role: 'assistant', content: 'x', function_calls: ['odd'] }] })
    )
    expect(text).toContain('    function call "odd"')
  })
})

describe('transcriptFileName', () => {
  it('makes a file name of any id', () => {
    expect(transcriptFileName('7c9e-66', 'text')).toBe('transcript-7c9e-66.txt')
    expect(transcriptFileName('../../etc/passwd', 'json')).toBe('transcript-..-..-etc-passwd.json')
    expect(transcriptFileName('a/b\\c:d', 'json')).toBe('transcript-a-b-c-d.json')
  })
})
