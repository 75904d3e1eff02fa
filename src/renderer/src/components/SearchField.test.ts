import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import { useSearchStore } from '../stores/search'
import SearchField from './SearchField.vue'

function mountField() {
  const wrapper = mount(SearchField, {
    attachTo: document.body,
    global: { plugins: [createTestingPinia({ createSpy: vi.fn })] }
  })
  return { wrapper, store: useSearchStore(), input: wrapper.find('[data-testid="search-input"]') }
}

describe('SearchField', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('hands the text to the store only once typing pauses', async () => {
    const { store, input } = mountField()
    await input.setValue('41')
    await input.setValue('415 55')
    vi.advanceTimersByTime(29)
    expect(store.input).toBe('')
    vi.advanceTimersByTime(1)
    expect(store.input).toBe('415 55')
  })

  it('says what it searches, the messages included', () => {
    const { input } = mountField()
    expect(input.attributes('placeholder')).toMatch(/phone.*name.*variable.*external id.*message/)
  })

  it('hints when a phone number is too short, and not for text', async () => {
    const { wrapper, store } = mountField()
    store.input = '41'
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[data-testid="search-hint"]').text()).toMatch(/3 digits/)
    store.input = 'Jo'
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[data-testid="search-hint"]').exists()).toBe(false)
  })

  it('takes focus and selects its text on Ctrl+K', async () => {
    const { input } = mountField()
    await input.setValue('John')
    const field = input.element as HTMLInputElement
    field.blur()
    const event = new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, cancelable: true })
    window.dispatchEvent(event)
    expect(document.activeElement).toBe(field)
    expect(event.defaultPrevented).toBe(true)
    expect(field.selectionStart).toBe(0)
    expect(field.selectionEnd).toBe(4)
  })
})
