import { describe, expect, it } from 'vitest'
import { CHANNEL_SCHEMAS, describeInputProblem } from './channelSchemas'

describe('channel schemas', () => {
  // NUL ends a C string: in text that reaches SQLite it cut the query short ("unterminated
  // string"), and it names nothing anyone typed.
  const SEARCH_FIELDS = ['phone', 'type', 'assistantId', 'senderPhone', 'externalId', 'text']

  it.each(['search', 'countConversations'] as const)(
    '%s refuses a NUL character in any text, with a sentence that names the field',
    (channel) => {
      for (const field of SEARCH_FIELDS) {
        const parsed = CHANNEL_SCHEMAS[channel].safeParse({ [field]: 'refund\u0000 "x' })
        expect(parsed.success, field).toBe(false)
        expect(describeInputProblem(parsed.error!)).toBe(
          `The request was not valid (${field}): must not contain a NUL character.`
        )
      }
      expect(CHANNEL_SCHEMAS[channel].safeParse({ text: 'refund "x' }).success).toBe(true)
    }
  )

  it('refuses a NUL character in a customer phone number and a search cursor', () => {
    expect(CHANNEL_SCHEMAS.getCustomer.safeParse({ phone: '+1555\u0000' }).success).toBe(false)
    expect(CHANNEL_SCHEMAS.search.safeParse({ cursor: 'abc\u0000' }).success).toBe(false)
  })

  it('refuses a plain-http API address off this computer, in the words of the one rule', () => {
    const sentence =
      'The request was not valid (baseUrl): The API address "http://app.autocalls.ai" must ' +
      'start with https://: plain http:// is only for a server on this computer (localhost).'
    const settings = CHANNEL_SCHEMAS.updateSettings.safeParse({
      baseUrl: 'http://app.autocalls.ai'
    })
    expect(describeInputProblem(settings.error!)).toBe(sentence)
    const key = CHANNEL_SCHEMAS.saveApiKey.safeParse({
      apiKey: 'k',
      baseUrl: 'http://app.autocalls.ai'
    })
    expect(describeInputProblem(key.error!)).toBe(sentence)
    expect(
      CHANNEL_SCHEMAS.updateSettings.safeParse({ baseUrl: ' http://127.0.0.1:4010/ ' }).data
    ).toEqual({ baseUrl: 'http://127.0.0.1:4010' })
  })
})
