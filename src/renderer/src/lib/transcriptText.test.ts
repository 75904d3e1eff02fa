import { describe, expect, it } from 'vitest'
import { message } from '../test/fakeApi'
import {
  messageToText,
  prettyJson,
  readFunctionCall,
  speakerKind,
  speakerLabel
} from './transcriptText'

const lookup = { name: 'get_order', arguments: { id: 17 }, result: { status: 'shipped' } }

describe('transcript text', () => {
  it('names the speakers as people say them', () => {
    expect(speakerLabel('user')).toBe('Customer')
    expect(speakerLabel('assistant')).toBe('Assistant')
    expect(speakerLabel('function')).toBe('Function call')
    expect(speakerLabel('system')).toBe('System')
    expect(speakerKind('user')).toBe('customer')
    expect(speakerKind('tool')).toBe('other')
  })

  it('lays function calls out as JSON, parsing arguments sent as a JSON string', () => {
    expect(readFunctionCall(lookup)).toEqual({
      name: 'get_order',
      arguments: '{\n  "id": 17\n}',
      result: '{\n  "status": "shipped"\n}'
    })
    expect(prettyJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}')
    expect(prettyJson('plain words')).toBe('plain words')
    expect(readFunctionCall('odd')).toEqual({
      name: 'Function call',
      arguments: 'odd',
      result: null
    })
    expect(readFunctionCall({ name: 'ping' })).toEqual({
      name: 'ping',
      arguments: null,
      result: null
    })
  })

  it('copies one message as its text and then its calls', () => {
    expect(messageToText(message('user', 'Où est ma commande ? 📦'))).toBe(
      'Où est ma commande ? 📦'
    )
    expect(messageToText(message('assistant', 'Let me look.', [lookup]))).toBe(
      'Let me look.\n[Function call] get_order({"id":17}) → {"status":"shipped"}'
    )
  })
})
