import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import type { Conversation } from '../../../shared/model/conversation'
import { conversation } from '../test/fakeApi'
import { fakeLayout } from '../test/layout'
import CustomerConversationList from './CustomerConversationList.vue'

enableAutoUnmount(afterEach)

/** Lines of 35 px (as on screen) in a scroller of 600 px (fakeLayout): seventeen in view. */
const LINE = 35

let scroller: HTMLElement

beforeEach(() => {
  fakeLayout({ height: 600, rowHeight: LINE })
  scroller = document.createElement('main')
  scroller.style.overflowY = 'auto'
  document.body.append(scroller)
})
afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

function conversations(count: number): Conversation[] {
  return Array.from({ length: count }, (_, index) => conversation(`c${index}`))
}

function mountList(rows: Conversation[], kept: (row: Conversation) => boolean = () => false) {
  return mount(CustomerConversationList<Conversation>, {
    attachTo: scroller,
    props: { conversations: rows, rowKey: (row: Conversation) => row.id, kept },
    slots: {
      default: ({ conversation: row }: { conversation: Conversation }) =>
        h('button', { type: 'button', 'data-id': row.id }, row.id)
    }
  })
}

function drawnIds(wrapper: ReturnType<typeof mountList>): string[] {
  return wrapper.findAll('button').map((button) => button.attributes('data-id') ?? '')
}

async function scrollTo(top: number): Promise<void> {
  scroller.scrollTop = top
  scroller.dispatchEvent(new Event('scroll'))
  await flushPromises()
}

describe('CustomerConversationList', () => {
  it('lists a few conversations whole, in their order, each line saying where it is', async () => {
    const wrapper = mountList(conversations(3))
    await flushPromises()
    expect(drawnIds(wrapper)).toEqual(['c0', 'c1', 'c2'])
    const lines = wrapper.findAll('li')
    expect(lines.map((line) => line.attributes('aria-posinset'))).toEqual(['1', '2', '3'])
    expect(lines.every((line) => line.attributes('aria-setsize') === '3')).toBe(true)
    expect(wrapper.find('ul').attributes('data-testid')).toBe('customer-conversations')
  })

  it('puts only the lines in view and a few either side in the page, as long as the list is', async () => {
    const wrapper = mountList(conversations(500))
    await flushPromises()
    const drawn = drawnIds(wrapper)
    expect(drawn[0]).toBe('c0')
    expect(drawn.length).toBeGreaterThanOrEqual(16)
    expect(drawn.length).toBeLessThan(40)
    expect(wrapper.find('li').attributes('aria-setsize')).toBe('500')
    expect(wrapper.find('ul').attributes('style')).toContain(`height: ${500 * LINE}px`)

    await scrollTo(300 * LINE)
    const after = drawnIds(wrapper)
    expect(after).toContain('c300')
    expect(after).toContain('c315')
    expect(after).not.toContain('c0')
    const line300 = wrapper.find('[data-key="c300"]')
    expect(line300.attributes('aria-posinset')).toBe('301')
    expect(line300.attributes('style')).toContain(`translateY(${300 * LINE}px)`)
  })

  it('keeps a line it is told to keep (an open transcript) drawn while scrolled far away', async () => {
    const wrapper = mountList(conversations(500), (row) => row.id === 'c250')
    await flushPromises()
    expect(drawnIds(wrapper)).toContain('c250')
    expect(drawnIds(wrapper)).toContain('c0')
    await scrollTo(450 * LINE)
    expect(drawnIds(wrapper)).toContain('c250')
    expect(drawnIds(wrapper)).toContain('c455')
  })

  it('keeps the line with the keyboard focus drawn and focused when scrolled away, until focus leaves', async () => {
    const outside = document.createElement('button')
    document.body.append(outside)
    const wrapper = mountList(conversations(500))
    await flushPromises()
    const button = wrapper.find<HTMLButtonElement>('button[data-id="c2"]')
    button.element.focus()
    await flushPromises()
    await scrollTo(400 * LINE)
    expect(drawnIds(wrapper)).toContain('c2')
    expect(document.activeElement).toBe(button.element)

    outside.focus()
    await scrollTo(401 * LINE)
    expect(drawnIds(wrapper)).not.toContain('c2')
  })
})
