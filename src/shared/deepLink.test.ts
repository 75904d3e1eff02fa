import { describe, expect, it, vi } from 'vitest'
import {
  addressOfLink,
  clipboardCustomerAddress,
  deepLinkInArguments,
  MAX_DEEP_LINK_LENGTH,
  parseDeepLink
} from './deepLink'

const JOHN = 'conversation-browser://customer/+14155559876'

describe('parseDeepLink: the links it maps', () => {
  it.each([
    [JOHN, '/customer/%2B14155559876'],
    [
      'conversation-browser://customer/%2B1%20(415)%20555-9876',
      '/customer/%2B1%20(415)%20555-9876'
    ],
    [
      'conversation-browser://customer/0044%2020%207946%200000/',
      '/customer/0044%2020%207946%200000'
    ],
    ['CONVERSATION-BROWSER://customer/4155559876', '/customer/4155559876'],
    [`${JOHN}?accounts=current`, '/customer/%2B14155559876?accounts=current'],
    [`${JOHN}?accounts=all`, '/customer/%2B14155559876?accounts=all'],
    [
      'conversation-browser://conversation/8d0f7780-8536-51ef-055c-f18fd2g01bf8',
      '/conversation/8d0f7780-8536-51ef-055c-f18fd2g01bf8'
    ],
    ['conversation-browser://search', '/search'],
    [
      'conversation-browser://search?q=John%20Doe&type=whatsapp',
      '/search?q=John%20Doe&type=whatsapp'
    ],
    ['conversation-browser://search?q=+1415', '/search?q=%2B1415'],
    [
      'conversation-browser://search?from=2025-01-01&to=2025-01-31&removed=only&open=abc-1',
      '/search?from=2025-01-01&to=2025-01-31&removed=only&open=abc-1'
    ],
    ['conversation-browser://search?q=caf%C3%A9', '/search?q=caf%C3%A9'],
    ['conversation-browser://dashboard?range=90d&type=api', '/dashboard?type=api&range=90d'],
    ['conversation-browser://settings', '/settings'],
    ['conversation-browser://settings/', '/settings'],
    [`${JOHN}?account=Acme`, '/customer/%2B14155559876?account=Acme'],
    [`${JOHN}?accounts=all&account=acme`, '/customer/%2B14155559876?account=acme&accounts=all'],
    [
      'conversation-browser://search?q=refund&account=Beta%20Bakery',
      '/search?account=Beta%20Bakery&q=refund'
    ],
    ['conversation-browser://conversation/abc-1?account=acme', '/conversation/abc-1?account=acme'],
    ['conversation-browser://dashboard?account=Acme&range=7d', '/dashboard?account=Acme&range=7d'],
    ['conversation-browser://settings?account=Caf%C3%A9', '/settings?account=Caf%C3%A9'],
    ['conversation-browser://search?account=%20Acme%20', '/search?account=Acme']
  ])('%s -> #%s', (link, address) => {
    expect(parseDeepLink(link)).toEqual({ ok: true, address })
  })
})

describe('parseDeepLink: the hostile table', () => {
  const long = `${JOHN}?${'a'.repeat(10_000)}`
  it.each([
    ['not text at all', 42],
    ['another scheme', 'https://customer/+14155559876'],
    ['javascript:', 'javascript:alert(1)//conversation-browser://customer/1'],
    ['javascript: dressed as the scheme', 'conversation-browser:javascript:alert(1)'],
    ['one slash', 'conversation-browser:/customer/+14155559876'],
    ['file://', 'file:///etc/passwd'],
    ['an unknown host', 'conversation-browser://evil.example/customer/1'],
    ['a host with a port', 'conversation-browser://customer:80/+14155559876'],
    ['a user before the host', 'conversation-browser://me@customer/+14155559876'],
    ['a host in capitals (hosts are lower case)', 'conversation-browser://CUSTOMER/4155559876'],
    ['prototype names as hosts', 'conversation-browser://__proto__/x'],
    ['constructor as a host', 'conversation-browser://constructor'],
    ['.. in the path', 'conversation-browser://customer/../settings'],
    ['an encoded ..', 'conversation-browser://customer/%2e%2e'],
    ['a dot segment then more', 'conversation-browser://search/./'],
    ['an encoded slash', 'conversation-browser://customer/%2F%2Fevil.example'],
    ['an encoded backslash', 'conversation-browser://customer/4155559876%5C..'],
    ['a backslash', 'conversation-browser://customer/\\\\evil'],
    ['a double-encoded slash', 'conversation-browser://customer/%252F4155559876'],
    ['two path segments', 'conversation-browser://customer/4155559876/extra'],
    ['no phone', 'conversation-browser://customer/'],
    ['a phone of letters', 'conversation-browser://customer/call-me'],
    ['a script as a phone', 'conversation-browser://customer/%3Cscript%3E'],
    ['a path on settings', 'conversation-browser://settings/../../etc'],
    ['a fragment', 'conversation-browser://settings#x'],
    ['10,000 characters', long],
    ['malformed percent-encoding', 'conversation-browser://customer/%E0%A4%A'],
    ['a lone %', 'conversation-browser://search?q=100%'],
    ['invalid UTF-8', 'conversation-browser://search?q=%C3%28'],
    ['an encoded NUL', 'conversation-browser://search?q=a%00b'],
    ['a raw newline', 'conversation-browser://search?q=a\nb'],
    ['a right-to-left override', 'conversation-browser://search?q=a\u202eb'],
    ['an unknown parameter', 'conversation-browser://search?q=a&redirect=https://evil.example'],
    ['a scope that is neither all nor current', `${JOHN}?accounts=evil`],
    ['a parameter twice', 'conversation-browser://search?q=a&q=b'],
    ['__proto__ as a parameter', 'conversation-browser://search?__proto__=x'],
    ['a day that is not one', 'conversation-browser://search?from=yesterday'],
    ['an unknown removed value', 'conversation-browser://search?removed=all'],
    ['an id with a slash', 'conversation-browser://conversation/a%2Fb'],
    ['an id with spaces', 'conversation-browser://conversation/a%20b'],
    ['a parameter on the customer', 'conversation-browser://customer/4155559876?open=x'],
    ['text of 201 characters', `conversation-browser://search?q=${'a'.repeat(201)}`],
    ['whitespace around', ' conversation-browser://settings'],
    ['an empty account', `${JOHN}?account=`],
    ['an account of spaces', 'conversation-browser://search?account=%20%20'],
    ['an account of 61 characters', `conversation-browser://search?account=${'a'.repeat(61)}`],
    ['an account with a NUL', 'conversation-browser://settings?account=Acme%00'],
    ['an account with a newline', 'conversation-browser://search?account=Acme%0Aevil'],
    [
      'an account with a right-to-left override',
      'conversation-browser://search?account=a%E2%80%AEb'
    ],
    ['an account twice', 'conversation-browser://search?account=Acme&account=Beta'],
    ['an account as a host', 'conversation-browser://account/Acme'],
    ['an account with malformed escapes', 'conversation-browser://search?account=%E0%A4%A']
  ])('refuses %s', (_name, link) => {
    const result = parseDeepLink(link)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason.length).toBeLessThan(120)
  })

  it('says why in a line that never repeats the whole link', () => {
    const result = parseDeepLink(long)
    expect(result).toEqual({ ok: false, reason: `longer than ${MAX_DEEP_LINK_LENGTH} characters` })
    const unknown = parseDeepLink(`conversation-browser://${'x'.repeat(500)}`)
    expect(unknown.ok || unknown.reason.length).toBeLessThan(60)
  })

  it('never throws, whatever the text', () => {
    const error = vi.spyOn(console, 'error')
    for (let code = 0; code < 0x3000; code += 7) {
      const character = String.fromCharCode(code)
      parseDeepLink(`conversation-browser://search?q=${character}`)
      parseDeepLink(`conversation-browser://customer/${character}`)
      parseDeepLink(`conversation-browser://${character}`)
    }
    expect(error).not.toHaveBeenCalled()
  })
})

describe('deepLinkInArguments', () => {
  it('finds the link among Chromium’s switches, and nothing when there is none', () => {
    expect(
      deepLinkInArguments(['C:\\App\\Conversation Browser.exe', '--allow-file-access', JOHN])
    ).toBe(JOHN)
    expect(deepLinkInArguments(['/usr/bin/conversation-browser', '--no-sandbox'])).toBeNull()
  })
})

describe('addressOfLink', () => {
  it('logs one line for a refused link, with the reason and never the link', () => {
    const lines: string[] = []
    const hostile = `conversation-browser://customer/%2F%2Fevil.example/${'9'.repeat(40)}`
    expect(addressOfLink(hostile, (line) => lines.push(line))).toBeNull()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Ignored a conversation-browser:\/\/ link: .+\.$/)
    expect(lines[0]).not.toContain('evil.example')
    expect(addressOfLink(JOHN, (line) => lines.push(line))).toBe('/customer/%2B14155559876')
    expect(lines).toHaveLength(1)
  })

  it('gives the quick lookup’s customer address the same shape a link gets', () => {
    expect(clipboardCustomerAddress('+14155559876')).toBe('/customer/%2B14155559876?from=clipboard')
  })
})
