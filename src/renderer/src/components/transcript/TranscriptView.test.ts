import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Api } from '@shared/ipc/contract'
import type { ArchivedTranscript } from '../../../../shared/model/transcript'
import { formatTranscript } from '@shared/transcriptFormat'
import { idleSync, installFakeApi, message, ok, transcript } from '../../test/fakeApi'
import { fakeLayout } from '../../test/layout'
import { formatLocalDateTime } from '../../lib/format'
import { useSyncStore } from '../../stores/sync'
import { useTranscriptsStore } from '../../stores/transcripts'
import TranscriptView from './TranscriptView.vue'

const ARCHIVED_AT = '2025-03-06T10:00:00Z'
const archivedOn = formatLocalDateTime(ARCHIVED_AT)
const lookup = { name: 'get_order', arguments: { id: 17 }, result: { status: 'shipped' } }

let pinia: Pinia
let writeText: ReturnType<typeof vi.fn>

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  fakeLayout()
  writeText = vi.fn(() => Promise.resolve())
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
})
afterEach(() => vi.restoreAllMocks())

/** Mounts the transcript of c1 over an archive holding `archived`, the fetch events following. */
async function mountTranscript(archived: Partial<ArchivedTranscript>, api: Partial<Api> = {}) {
  let current = transcript('c1', { fetched_at: ARCHIVED_AT, ...archived })
  const fake = installFakeApi({ getTranscript: vi.fn(() => ok(current)), ...api })
  useSyncStore().follow(idleSync())
  useTranscriptsStore().follow()
  const wrapper = mount(TranscriptView, {
    props: { conversationId: 'c1' },
    global: { plugins: [pinia] }
  })
  await flushPromises()
  const replaceArchived = (next: Partial<ArchivedTranscript>) => {
    current = transcript('c1', { fetched_at: ARCHIVED_AT, ...next })
  }
  return { wrapper, replaceArchived, ...fake }
}

const noticeOf = (wrapper: ReturnType<typeof mount>) =>
  wrapper.find('[data-testid="transcript-notice"]')
const bubbles = (wrapper: ReturnType<typeof mount>) =>
  wrapper.findAll('[data-testid="transcript-message"]')

describe('TranscriptView states', () => {
  it('fetches a transcript never fetched, says so, then shows it', async () => {
    const { wrapper, api, replaceArchived, emitTranscriptFetch } = await mountTranscript({
      messages: null,
      fetched_at: null
    })
    expect(api.fetchTranscript).toHaveBeenCalledWith({ id: 'c1' })
    expect(noticeOf(wrapper).text()).toBe('Fetching the transcript…')
    expect(noticeOf(wrapper).attributes('role')).toBe('status')
    expect(wrapper.attributes('aria-busy')).toBe('true')
    expect(bubbles(wrapper)).toHaveLength(0)

    replaceArchived({ messages: [message('user', 'Hello'), message('assistant', 'Hi!')] })
    emitTranscriptFetch({ id: 'c1', phase: 'done', error: null })
    await flushPromises()
    expect(noticeOf(wrapper).text()).toBe('')
    expect(bubbles(wrapper)).toHaveLength(2)
    expect(wrapper.attributes('data-state')).toBe('current')
  })

  it('shows the archived copy at once and replaces it with the fresh one', async () => {
    const { wrapper, replaceArchived, emitTranscriptFetch } = await mountTranscript({
      stale: true,
      messages: [message('user', 'Old question')]
    })
    expect(
      bubbles(wrapper).map((bubble) => bubble.find('[data-testid="message-content"]').text())
    ).toEqual(['Old question'])
    expect(noticeOf(wrapper).text()).toBe(
      `Showing the copy archived on ${archivedOn}; fetching the latest…`
    )
    replaceArchived({ messages: [message('user', 'Old question'), message('assistant', 'Answer')] })
    emitTranscriptFetch({ id: 'c1', phase: 'done', error: null })
    await flushPromises()
    expect(bubbles(wrapper)).toHaveLength(2)
  })

  it('says offline which copy it shows, or that a missing one waits for the connection', async () => {
    const offline = { code: 'offline' as const, message: 'The server cannot be reached.' }
    const stale = await mountTranscript({ stale: true })
    stale.emitTranscriptFetch({ id: 'c1', phase: 'failed', error: offline })
    await flushPromises()
    expect(noticeOf(stale.wrapper).text()).toBe(
      `Offline: showing the copy archived on ${archivedOn}`
    )
    expect(bubbles(stale.wrapper)).toHaveLength(2)

    setActivePinia((pinia = createPinia()))
    const missing = await mountTranscript({ messages: null, fetched_at: null })
    missing.emitTranscriptFetch({ id: 'c1', phase: 'failed', error: offline })
    await flushPromises()
    expect(noticeOf(missing.wrapper).text()).toBe(
      'Not fetched yet: it will be fetched when you are online'
    )
  })

  it('says the server no longer has it and that the copy is the archived one', async () => {
    const { wrapper, api } = await mountTranscript({ not_found_at: '2025-04-01T00:00:00Z' })
    expect(api.fetchTranscript).not.toHaveBeenCalled()
    expect(noticeOf(wrapper).text()).toBe(
      `The server no longer has this conversation; this is the copy archived on ${archivedOn}`
    )
    expect(bubbles(wrapper)).toHaveLength(2)
  })

  it('says "No messages" for a transcript fetched empty', async () => {
    const { wrapper } = await mountTranscript({ messages: [] })
    expect(wrapper.find('[data-testid="transcript-empty"]').text()).toBe('No messages')
    expect(wrapper.find('[data-testid="transcript-messages"]').exists()).toBe(false)
  })
})

describe('TranscriptView messages', () => {
  it('labels each bubble by speaker for screen readers and keeps the text as written', async () => {
    const { wrapper } = await mountTranscript({
      messages: [
        message('user', 'Line one\n  indented'),
        message('assistant', 'Sure.', [lookup]),
        message('tool', '{"ok":true}')
      ]
    })
    const [customer, assistant, tool] = bubbles(wrapper)
    expect(customer?.find('.visually-hidden').text()).toBe('Customer:')
    expect(customer?.attributes('data-role')).toBe('user')
    expect(customer?.find('[data-testid="message-content"]').element.textContent).toBe(
      'Line one\n  indented'
    )
    expect(assistant?.find('.visually-hidden').text()).toBe('Assistant:')
    expect(tool?.find('.visually-hidden').text()).toBe('Function call:')
    expect(wrapper.find('[role="list"]').attributes('aria-label')).toBe('Messages')
    expect(
      wrapper.findAll('[role="listitem"]').map((item) => item.attributes('aria-setsize'))
    ).toEqual(['3', '3', '3'])
  })

  it('folds each function call, with its arguments and result as JSON', async () => {
    const { wrapper } = await mountTranscript({
      messages: [message('assistant', 'Checking.', [lookup])]
    })
    const call = wrapper.find('[data-testid="function-call"]')
    const details = call.element as HTMLDetailsElement
    expect(call.element.tagName).toBe('DETAILS')
    expect(details.open).toBe(false)
    expect(call.find('summary').text()).toBe('Function call: get_order')
    expect(call.find('[data-testid="function-call-arguments"]').text()).toBe('{\n  "id": 17\n}')
    expect(call.find('[data-testid="function-call-result"]').text()).toBe(
      '{\n  "status": "shipped"\n}'
    )
    details.open = true
    await call.trigger('toggle')
    expect(details.open).toBe(true)
    details.open = false
    await call.trigger('toggle')
    expect(details.open).toBe(false)
  })

  it('copies one message, and the whole transcript as text or JSON', async () => {
    const { wrapper } = await mountTranscript({
      messages: [message('user', 'Where is it?'), message('assistant', 'Shipped.', [lookup])]
    })
    const copyOne = bubbles(wrapper)[1]!.find('[data-testid="copy-message"]')
    expect(copyOne.attributes('aria-label')).toBe('Copy message')
    await copyOne.trigger('click')
    expect(writeText).toHaveBeenLastCalledWith(
      'Shipped.\n[Function call] get_order({"id":17}) → {"status":"shipped"}'
    )
    await flushPromises()
    expect(copyOne.text()).toBe('Copied')

    // The whole transcript reads exactly as the file Save writes.
    const shown = useTranscriptsStore().entry('c1')!.transcript!
    await wrapper.find('[data-testid="transcript-copy-text"]').trigger('click')
    expect(writeText).toHaveBeenLastCalledWith(formatTranscript(shown, 'text'))
    expect(String(writeText.mock.lastCall?.[0])).toContain('Customer: Where is it?')
    await wrapper.find('[data-testid="transcript-copy-json"]').trigger('click')
    const json = JSON.parse(String(writeText.mock.lastCall?.[0]))
    expect(json.id).toBe('c1')
    expect(json.messages[1].function_calls).toEqual([lookup])
  })

  it('saves as text or JSON through main, and says so', async () => {
    const { wrapper, api } = await mountTranscript({})
    await wrapper.find('[data-testid="transcript-save-json"]').trigger('click')
    await flushPromises()
    expect(api.saveTranscript).toHaveBeenCalledWith({ id: 'c1', format: 'json' })
    expect(wrapper.find('[data-testid="transcript-save-message"]').text()).toBe('Saved.')
    await wrapper.find('[data-testid="transcript-save-text"]').trigger('click')
    expect(api.saveTranscript).toHaveBeenLastCalledWith({ id: 'c1', format: 'text' })
  })

  it('renders only a window of a 1,000-message transcript', async () => {
    const messages = Array.from({ length: 1_000 }, (_, index) =>
      message(index % 2 ? 'assistant' : 'user', `Message ${index}`)
    )
    const { wrapper } = await mountTranscript({ messages })
    const rendered = bubbles(wrapper).length
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(40)
    expect(wrapper.find('[data-testid="transcript-count"]').text()).toBe('1,000 messages')
    // The whole height is there to scroll through, at the estimate until rows are measured.
    const spacer = wrapper.find('[data-testid="transcript-messages"] > div')
    const height = Number(/height: (\d+)px/.exec(spacer.attributes('style') ?? '')?.[1])
    expect(height).toBeGreaterThan(40_000)
  })

  it('brings the message a search matched into view, and marks it', async () => {
    const messages = Array.from({ length: 1_000 }, (_, index) => message('user', `Line ${index}`))
    // Room to scroll: happy-dom's scroll height is 0 and the virtualizer never scrolls past it.
    vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockReturnValue(100_000)
    installFakeApi({ getTranscript: vi.fn(() => ok(transcript('c1', { messages }))) })
    const wrapper = mount(TranscriptView, {
      props: { conversationId: 'c1', highlight: 700 },
      global: { plugins: [pinia] }
    })
    await flushPromises()
    const scroller = wrapper.find('[data-testid="transcript-messages"]').element as HTMLElement
    // Centred: 700 rows of 52 px down, less half the 600 px pane, plus half a row.
    expect(scroller.scrollTop).toBe(8 + 700 * 52 - 300 + 26)
    // happy-dom moves scrollTop without the scroll event a browser sends.
    scroller.dispatchEvent(new Event('scroll'))
    await vi.waitFor(() =>
      expect(wrapper.find('[data-highlighted="true"]').text()).toContain('Line 700')
    )
  })
})

describe('TranscriptView after a sync', () => {
  it('reads the transcript again when the conversation changed, and fetches it now stale', async () => {
    const { wrapper, api, replaceArchived } = await mountTranscript({})
    expect(api.fetchTranscript).not.toHaveBeenCalled()
    replaceArchived({ stale: true })
    await wrapper.setProps({ revision: '5:2025-03-07T00:00:00Z' })
    await flushPromises()
    expect(api.fetchTranscript).toHaveBeenCalledWith({ id: 'c1' })
  })
})
