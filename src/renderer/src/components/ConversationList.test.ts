import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import { conversation, installFakeApi } from '../test/fakeApi'
import { useSearchStore } from '../stores/search'
import ConversationList from './ConversationList.vue'

function mountList(ids: string[], selectedId: string | null = null) {
  const { api } = installFakeApi()
  const wrapper = mount(ConversationList, {
    props: { initialHeight: 600 },
    global: {
      plugins: [
        createTestingPinia({
          createSpy: vi.fn,
          stubActions: false,
          initialState: {
            search: { results: ids.map((id) => conversation(id)), selectedId }
          }
        })
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
