import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import type { Router } from 'vue-router'
import type { MessageSnippet } from '../../../shared/model/search'
import { conversation, installFakeApi } from '../test/fakeApi'
import { testRouter } from '../test/router'
import { useSearchStore } from '../stores/search'
import ConversationList from './ConversationList.vue'

enableAutoUnmount(afterEach)

let router: Router
beforeEach(async () => {
  router = await testRouter()
})

function mountList(
  ids: string[],
  selectedId: string | null = null,
  snippets: Record<string, MessageSnippet> = {},
  attachTo?: HTMLElement
) {
  const { api } = installFakeApi()
  const wrapper = mount(ConversationList, {
    attachTo,
    props: { initialHeight: 600 },
    global: {
      plugins: [
        createTestingPinia({
          createSpy: vi.fn,
          stubActions: false,
          initialState: {
            search: { results: ids.map((id) => conversation(id)), selectedId, snippets }
          }
        }),
        router
      ]
    }
  })
  return { wrapper, api, store: useSearchStore() }
}

describe('ConversationList', () => {
  // happy-dom lays nothing out: give every element the size of a 600 px tall list pane.
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400)
  })
  afterEach(() => vi.restoreAllMocks())

  it('renders rows from the store as listbox options keyed by id', () => {
    const { wrapper } = mountList(['a', 'b', 'c'], 'b')
    expect(wrapper.attributes('role')).toBe('listbox')
    const rows = wrapper.findAll('[data-testid="conversation-row"]')
    expect(rows.map((row) => row.attributes('data-id'))).toEqual(['a', 'b', 'c'])
    expect(rows.map((row) => row.attributes('aria-selected'))).toEqual(['false', 'true', 'false'])
    expect(rows[0]?.attributes('role')).toBe('option')
    expect(rows[0]?.text()).toContain('Customer a')
    expect(rows[0]?.text()).toContain('+1 415 555 9876')
    expect(rows[0]?.text()).toContain('$0.0123')
  })

  it('renders only the visible window of a long list', () => {
    const ids = Array.from({ length: 5000 }, (_, index) => `id-${index}`)
    const { wrapper } = mountList(ids)
    const rendered = wrapper.findAll('[data-testid="conversation-row"]').length
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(40)
  })

  it('follows keyboard moves of the selection and opens a clicked row', async () => {
    const { wrapper, api, store } = mountList(['a', 'b', 'c'])
    store.moveSelection(1)
    store.moveSelection(1)
    await flushPromises()
    const selected = wrapper.findAll('[aria-selected="true"]')
    expect(selected.map((row) => row.attributes('data-id'))).toEqual(['b'])
    await wrapper.find('[data-id="c"]').trigger('click')
    expect(api.getConversation).toHaveBeenCalledWith({ id: 'c' })
    expect(store.selectedId).toBe('c')
  })
})

describe('ConversationList after a new query', () => {
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400)
  })
  afterEach(() => vi.restoreAllMocks())

  it('starts again from the top, and keeps its place when the same query is refreshed', async () => {
    const { wrapper, store } = mountList(Array.from({ length: 200 }, (_, i) => `c-${i}`))
    const scroller = wrapper.element as HTMLElement
    // After the list's own first layout, which scrolls to its start.
    await flushPromises()
    scroller.scrollTop = 3_000
    store.results = store.results.slice(1)
    await flushPromises()
    expect(scroller.scrollTop).toBe(3_000)
    store.newResults++
    await flushPromises()
    expect(scroller.scrollTop).toBe(0)
  })
})

describe('ConversationList snippets', () => {
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400)
  })
  afterEach(() => vi.restoreAllMocks())

  const found: MessageSnippet = {
    role: 'user',
    position: 4,
    parts: [
      { text: '…my ', match: false },
      { text: 'order', match: true },
      { text: ' never came, ', match: false },
      { text: 'señor', match: true }
    ]
  }

  it('shows where the words matched, marked, on a taller row', () => {
    const { wrapper } = mountList(['a', 'b'], null, { b: found })
    const [plain, matched] = wrapper.findAll('[data-testid="conversation-row"]')
    expect(plain?.find('[data-testid="row-snippet"]').exists()).toBe(false)
    const snippet = matched!.find('[data-testid="row-snippet"]')
    expect(snippet.text()).toBe('Customer: …my order never came, señor')
    expect(snippet.findAll('mark').map((mark) => mark.text())).toEqual(['order', 'señor'])
    expect(plain?.attributes('style')).toContain('height: 56px')
    expect(matched?.attributes('style')).toContain('height: 76px')
    expect(matched?.attributes('style')).toContain('translateY(56px)')
  })

  it('never turns a message’s text into markup', () => {
    const hostile: MessageSnippet = {
      role: 'user',
      position: 0,
      parts: [
        { text: '<img src=x onerror="alert(1)">', match: false },
        { text: '<b>bold</b>', match: true }
      ]
    }
    const { wrapper } = mountList(['a'], null, { a: hostile })
    const snippet = wrapper.find('[data-testid="row-snippet"]')
    expect(snippet.find('img').exists()).toBe(false)
    expect(snippet.find('b').exists()).toBe(false)
    expect(snippet.text()).toContain('<img src=x onerror="alert(1)">')
    expect(snippet.find('mark').text()).toBe('<b>bold</b>')
  })
})

describe('ConversationList customer links', () => {
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400)
  })
  afterEach(() => vi.restoreAllMocks())

  it('opens the customer view from a row’s name or number, selecting that row', async () => {
    const { wrapper, api, store } = mountList(['a', 'b'])
    await wrapper.find('[data-id="b"] [data-testid="row-customer-phone"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('customer')
    expect(router.currentRoute.value.params.phone).toBe('+14155559876')
    expect(store.selectedId).toBe('b')
    // The row's own click (open the conversation) does not also happen.
    expect(api.getConversation).not.toHaveBeenCalled()
    await router.push('/search')
    await wrapper.find('[data-id="a"] [data-testid="row-customer-name"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('customer')
  })
})

describe('ConversationList keyboard', () => {
  // 600 px: 10 rows of 56 px wholly on screen, so a page key moves 9.
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400)
  })
  afterEach(() => vi.restoreAllMocks())

  const ids = Array.from({ length: 100 }, (_, index) => `k-${index}`)

  async function press(wrapper: ReturnType<typeof mountList>['wrapper'], key: string) {
    await wrapper.trigger('keydown', { key })
    await flushPromises()
  }

  it('moves the selection with the arrows, Home/End and the page keys, naming the active row', async () => {
    const { wrapper, store } = mountList(ids)
    await press(wrapper, 'ArrowDown')
    expect(store.selectedId).toBe('k-0')
    expect(wrapper.attributes('aria-activedescendant')).toBe('row-k-0')
    await press(wrapper, 'ArrowDown')
    expect(store.selectedId).toBe('k-1')
    await press(wrapper, 'PageDown')
    expect(store.selectedId).toBe('k-10')
    await press(wrapper, 'ArrowUp')
    expect(store.selectedId).toBe('k-9')
    await press(wrapper, 'PageUp')
    expect(store.selectedId).toBe('k-0')
    await press(wrapper, 'End')
    expect(store.selectedId).toBe('k-99')
    await press(wrapper, 'Home')
    expect(store.selectedId).toBe('k-0')
    // The active row is a drawn row of the list, whichever rows are drawn.
    const active = wrapper.attributes('aria-activedescendant')
    expect(wrapper.find(`#${active}`).attributes('aria-selected')).toBe('true')
  })

  it('opens the selected conversation with Enter', async () => {
    const { wrapper, api, store } = mountList(ids, 'k-3')
    await press(wrapper, 'Enter')
    expect(api.getConversation).toHaveBeenCalledWith({ id: 'k-3' })
    expect(store.selectedId).toBe('k-3')
  })

  it('keeps its keys from the window, so a move is made once and the pane does not scroll by itself', async () => {
    // In the document, so that what the list lets through bubbles up to the window.
    const { wrapper, store } = mountList(ids, 'k-5', {}, document.body)
    const reachedWindow = vi.fn()
    window.addEventListener('keydown', reachedWindow)
    try {
      const event = new KeyboardEvent('keydown', {
        key: 'ArrowDown',
        bubbles: true,
        cancelable: true
      })
      wrapper.element.dispatchEvent(event)
      await flushPromises()
      expect(store.selectedId).toBe('k-6')
      expect(event.defaultPrevented).toBe(true)
      expect(reachedWindow).not.toHaveBeenCalled()
      // Keys the list does not answer go on to the window (Ctrl+Enter, Escape, Tab).
      await wrapper.trigger('keydown', { key: 'Escape' })
      await wrapper.trigger('keydown', { key: 'Enter', ctrlKey: true })
      expect(reachedWindow).toHaveBeenCalledTimes(2)
    } finally {
      window.removeEventListener('keydown', reachedWindow)
    }
  })

  it('is one tab stop: no row can take focus', () => {
    const { wrapper } = mountList(ids)
    expect(wrapper.attributes('tabindex')).toBe('0')
    expect(
      wrapper.findAll('[tabindex]').filter((node) => node.element !== wrapper.element)
    ).toEqual([])
  })
})
