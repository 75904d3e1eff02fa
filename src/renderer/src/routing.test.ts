import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Router } from 'vue-router'
import type { SearchPage, SearchQuery } from '../../shared/model/search'
import { archived, conversation, installFakeApi, ok } from './test/fakeApi'
import { fakeLayout } from './test/layout'
import { testRouter } from './test/router'
import { useSearchStore } from './stores/search'
import App from './App.vue'

enableAutoUnmount(afterEach)

const ROWS = Array.from({ length: 120 }, (_, index) =>
  conversation(`c${index}`, {
    created_at: new Date(Date.UTC(2025, 0, 1) - index * 60_000).toISOString()
  })
)

let router: Router

async function mountApp(path = '/search') {
  const pinia = createPinia()
  setActivePinia(pinia)
  const fake = installFakeApi({
    search: vi.fn((query: SearchQuery) =>
      ok<SearchPage>({
        conversations: query.type === 'api' ? ROWS.slice(0, 3) : ROWS,
        nextCursor: null
      })
    ),
    getConversation: vi.fn(({ id }) =>
      ok(
        archived(
          id,
          ROWS.find((row) => row.id === id)
        )
      )
    )
  })
  router = await testRouter(path)
  const wrapper = mount(App, { attachTo: document.body, global: { plugins: [pinia, router] } })
  await flushPromises()
  return { wrapper, search: useSearchStore(), ...fake }
}

async function settle(): Promise<void> {
  await flushPromises()
  await flushPromises()
}

function press(key: string, init: KeyboardEventInit = {}): void {
  window.dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true, ...init }))
}

beforeEach(() => fakeLayout())
afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

describe('the search in the route', () => {
  it('writes the typed text and the filters to the route, each search its own entry', async () => {
    const { search } = await mountApp()
    search.input = 'John'
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/search?q=John')
    search.filters.type = 'api'
    await settle()
    expect(router.currentRoute.value.query).toEqual({ q: 'John', type: 'api' })

    router.back()
    await settle()
    expect(search.filters.type).toBe('')
    expect(search.input).toBe('John')
    router.back()
    await settle()
    expect(search.input).toBe('')
    router.forward()
    await settle()
    expect(search.input).toBe('John')
  })

  it('sets the store from a route, and searches what it says', async () => {
    const { search, api, wrapper } = await mountApp('/search?q=Jane&type=api&removed=only')
    expect(search.input).toBe('Jane')
    expect(search.filters.type).toBe('api')
    expect(search.filters.removed).toBe('only')
    await settle()
    expect(api.search).toHaveBeenLastCalledWith(
      expect.objectContaining({ text: 'Jane', type: 'api', removed: 'only' })
    )
    // The field shows what the route says, not what was typed before.
    await router.push('/search?q=Other')
    await settle()
    expect((wrapper.find('[data-testid="search-input"]').element as HTMLInputElement).value).toBe(
      'Other'
    )
  })

  it('folds a burst of typing into one history entry', async () => {
    const { search } = await mountApp()
    for (const text of ['J', 'Jo', 'Joh', 'John']) {
      search.input = text
      await settle()
    }
    expect(router.currentRoute.value.query.q).toBe('John')
    expect(window.history.state.back).toBe('/search')
    router.back()
    await settle()
    expect(search.input).toBe('')
  })

  it('names the open conversation in the route without adding history entries', async () => {
    const { search } = await mountApp()
    const position = window.history.state.position
    await search.open('c3')
    await settle()
    expect(router.currentRoute.value.query.open).toBe('c3')
    expect(window.history.state.position).toBe(position)
    search.closeDetail()
    await settle()
    expect(router.currentRoute.value.query.open).toBeUndefined()
  })

  it('opens a conversation from #/conversation/:id', async () => {
    const { wrapper } = await mountApp('/conversation/c7')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/search?open=c7')
    expect(wrapper.find('[data-testid="detail-id"]').text()).toBe('c7')
  })

  it('sends an unknown address to the search', async () => {
    await mountApp('/nowhere/at/all')
    expect(router.currentRoute.value.name).toBe('search')
  })
})

describe('going to a customer and back', () => {
  it('restores the query, filters, selection, open conversation and scroll position', async () => {
    const { wrapper, search } = await mountApp('/search?q=Acme&type=whatsapp')
    await settle()
    // A row in view at the scroll position below: 25 rows of 56 px down.
    await search.open('c25')
    await settle()
    const list = wrapper.find('[data-testid="conversation-list"]').element as HTMLElement
    list.scrollTop = 1_234
    const before = router.currentRoute.value.fullPath

    await wrapper.find('[data-testid="detail-customer-name-link"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.name).toBe('customer')
    expect(wrapper.find('[data-testid="customer-view"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="conversation-list"]').exists()).toBe(false)

    await wrapper.find('[data-testid="customer-back"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe(before)
    expect(before).toBe('/search?q=Acme&type=whatsapp&open=c25')
    expect(search.input).toBe('Acme')
    expect(search.filters.type).toBe('whatsapp')
    expect(search.selectedId).toBe('c25')
    expect(wrapper.find('[data-testid="detail-id"]').text()).toBe('c25')
    expect(wrapper.find('[aria-selected="true"]').attributes('data-id')).toBe('c25')
    const restored = wrapper.find('[data-testid="conversation-list"]').element as HTMLElement
    expect(restored).not.toBe(list)
    expect(restored.scrollTop).toBe(1_234)
    expect((wrapper.find('[data-testid="search-input"]').element as HTMLInputElement).value).toBe(
      'Acme'
    )
  })

  it('goes back and forward with Alt+Left and Alt+Right, and opens a customer with Ctrl+Enter', async () => {
    const { search } = await mountApp()
    search.moveSelection(1)
    await settle()
    press('Enter', { ctrlKey: true })
    await settle()
    expect(router.currentRoute.value.name).toBe('customer')
    // Up/Down belong to the list, which the customer view does not show.
    press('ArrowDown')
    expect(search.selectedId).toBe('c0')
    press('ArrowLeft', { altKey: true })
    await settle()
    expect(router.currentRoute.value.name).toBe('search')
    press('ArrowRight', { altKey: true })
    await settle()
    expect(router.currentRoute.value.name).toBe('customer')
  })

  it('leaves Up, Down and Enter to a focused transcript or function call', async () => {
    const { wrapper, search } = await mountApp('/search?open=c2')
    await settle()
    search.select('c2')
    const messages = wrapper.find('[data-testid="transcript-messages"]')
    const keydown = (target: Element, key: string) => {
      const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })
      target.dispatchEvent(event)
      return event
    }
    expect(keydown(messages.element, 'ArrowDown').defaultPrevented).toBe(false)
    expect(search.selectedId).toBe('c2')
    expect(keydown(wrapper.find('summary').element, 'Enter').defaultPrevented).toBe(false)
    // The list itself, focused, walks the rows.
    expect(keydown(wrapper.find('[role="listbox"]').element, 'ArrowDown').defaultPrevented).toBe(
      true
    )
    expect(search.selectedId).toBe('c3')
  })
})

describe('Settings at its own address', () => {
  it('opens over the view it came from, and Close goes back to it as it was', async () => {
    const { wrapper, search } = await mountApp('/search?q=Acme')
    await settle()
    await search.open('c4')
    await settle()
    const before = router.currentRoute.value.fullPath

    await wrapper.find('[data-testid="settings-button"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/settings')
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(true)
    // The search stays behind it, unchanged, and the address is not rewritten by it.
    expect(wrapper.find('[data-testid="detail-id"]').text()).toBe('c4')
    expect(search.input).toBe('Acme')

    await wrapper.find('[data-testid="settings-close"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe(before)
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(false)
    router.forward()
    await settle()
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(true)
    press('Escape')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe(before)
  })

  it('keeps the customer view behind it', async () => {
    const { wrapper } = await mountApp('/customer/%2B1%20(415)%20555-9876')
    await settle()
    expect(wrapper.find('[data-testid="customer-phone"]').text()).toBe('+1 415 555 9876')
    await router.push('/settings')
    await settle()
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="customer-phone"]').text()).toBe('+1 415 555 9876')
    press('ArrowLeft', { altKey: true })
    await settle()
    expect(router.currentRoute.value.name).toBe('customer')
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(false)
  })

  it('opened by its address, shows over the search and closes to it', async () => {
    const { wrapper } = await mountApp('/settings')
    await settle()
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="conversation-list"]').exists()).toBe(true)
    await wrapper.find('[data-testid="settings-close"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.name).toBe('search')
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(false)
  })
})

describe('the other ways back and forward', () => {
  async function atCustomer() {
    const mounted = await mountApp()
    await router.push('/customer/4155559876')
    await settle()
    return mounted
  }

  it('follows the mouse’s back and forward buttons', async () => {
    await atCustomer()
    window.dispatchEvent(new MouseEvent('mouseup', { button: 3 }))
    await settle()
    expect(router.currentRoute.value.name).toBe('search')
    window.dispatchEvent(new MouseEvent('mouseup', { button: 4 }))
    await settle()
    expect(router.currentRoute.value.name).toBe('customer')
  })

  it('follows Cmd+[ and Cmd+] on macOS only', async () => {
    await atCustomer()
    press('[', { metaKey: true })
    await settle()
    expect(router.currentRoute.value.name).toBe('customer')

    vi.spyOn(navigator, 'platform', 'get').mockReturnValue('MacIntel')
    press('[', { metaKey: true })
    await settle()
    expect(router.currentRoute.value.name).toBe('search')
    press(']', { metaKey: true })
    await settle()
    expect(router.currentRoute.value.name).toBe('customer')
  })

  it('follows a keyboard’s Back key', async () => {
    await atCustomer()
    press('BrowserBack')
    await settle()
    expect(router.currentRoute.value.name).toBe('search')
  })
})
