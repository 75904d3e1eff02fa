import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Router } from 'vue-router'
import type { ArchivedConversation } from '../../../shared/model/conversation'
import { formatLocalDateTime } from '../lib/format'
import { archived, installFakeApi } from '../test/fakeApi'
import { fakeLayout } from '../test/layout'
import { testRouter } from '../test/router'
import DetailPane from './DetailPane.vue'

enableAutoUnmount(afterEach)

const conversation = archived('conv-1', {
  external_identifier: 'ext-42',
  variables: { order: 'A-17', amount: 12 },
  whatsapp_sender: { name: 'Acme Sales', phone: '+442071838750' },
  total_cost: 0.0042,
  created_at: '2025-03-04T05:06:07Z'
})

let pinia: Pinia
let router: Router

beforeEach(async () => {
  pinia = createPinia()
  setActivePinia(pinia)
  installFakeApi()
  router = await testRouter()
})
afterEach(() => vi.restoreAllMocks())

function mountPane(shown: ArchivedConversation = conversation) {
  return mount(DetailPane, {
    props: { conversation: shown },
    global: { plugins: [pinia, router] }
  })
}

describe('DetailPane', () => {
  it('shows every field with formatted phones and a USD cost', () => {
    const wrapper = mountPane()
    expect(wrapper.find('[data-testid="detail-id"]').text()).toBe('conv-1')
    expect(wrapper.find('[data-testid="detail-customer-phone"]').text()).toBe('+1 415 555 9876')
    const text = wrapper.text()
    expect(text).toContain('Customer conv-1')
    expect(text).toContain('Acme Sales')
    expect(text).toContain('+44 20 7183 8750')
    expect(text).toContain('ext-42')
    expect(text).toContain('Acme Support')
    expect(wrapper.find('[data-testid="detail-cost"]').text()).toBe('$0.0042')
    expect(wrapper.find('[data-testid="detail-removed-badge"]').exists()).toBe(false)
  })

  it('sums up the key fields under the name, the full list folded under Details', () => {
    const wrapper = mountPane()
    const summary = wrapper.find('[data-testid="detail-summary"]')
    expect(summary.findAll(':scope > *').map((part) => part.text())).toEqual([
      'Acme Support',
      'whatsapp',
      formatLocalDateTime('2025-03-04T05:06:07Z'),
      '3 messages',
      '$0.0042'
    ])
    expect(summary.find('time').attributes('title')).toBe('2025-03-04T05:06:07.000Z (UTC)')
    const fields = wrapper.find<HTMLDetailsElement>('[data-testid="detail-fields"]')
    expect(fields.element.open).toBe(false)
  })

  it('keeps the Details open or folded as the person left them, for the session', async () => {
    async function leave(wrapper: ReturnType<typeof mountPane>, open: boolean): Promise<void> {
      const fields = wrapper.find<HTMLDetailsElement>('[data-testid="detail-fields"]')
      fields.element.open = open
      await fields.trigger('toggle')
      wrapper.unmount()
    }
    const isOpen = (wrapper: ReturnType<typeof mountPane>): boolean =>
      wrapper.find<HTMLDetailsElement>('[data-testid="detail-fields"]').element.open

    await leave(mountPane(), true)
    // Another conversation, in a pane opened afresh.
    const second = mountPane(archived('conv-2'))
    expect(isOpen(second)).toBe(true)
    await leave(second, false)
    expect(isOpen(mountPane(archived('conv-3')))).toBe(false)
  })

  it('lays the variables out as a table', () => {
    const wrapper = mountPane()
    const rows = wrapper.findAll('[data-testid="detail-variables"] tr')
    expect(rows.map((row) => row.text())).toEqual(['orderA-17', 'amount12'])
  })

  it('shows local times with the UTC instant on hover', () => {
    const wrapper = mountPane()
    const created = wrapper
      .findAll('dd')
      .find((dd) => dd.attributes('title')?.startsWith('2025-03-04T05:06:07'))
    expect(created?.attributes('title')).toBe('2025-03-04T05:06:07.000Z (UTC)')
    expect(created?.text()).toMatch(/2025/)
  })

  it('marks a conversation removed from the server', () => {
    const wrapper = mountPane({ ...conversation, removed_at: '2025-04-01T00:00:00Z' })
    expect(wrapper.find('[data-testid="detail-removed-badge"]').text()).toBe('Removed from server')
  })

  it('opens the customer view from the customer’s name or number', async () => {
    const wrapper = mountPane()
    const byName = wrapper.find('[data-testid="detail-customer-name-link"]')
    expect(byName.text()).toBe('Customer conv-1')
    await byName.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('customer')
    expect(router.currentRoute.value.params.phone).toBe('+14155559876')
    expect(wrapper.find('[data-testid="detail-customer-link"]').attributes('href')).toBe(
      byName.attributes('href')
    )
  })

  it('has no customer link for a conversation without a number', () => {
    const wrapper = mountPane({ ...conversation, customer: { name: 'Walk-in', phone: null } })
    expect(wrapper.find('[data-testid="detail-customer-name-link"]').exists()).toBe(false)
    expect(wrapper.find('h2').text()).toBe('Walk-in')
  })

  it('shows the conversation’s transcript', async () => {
    fakeLayout()
    const wrapper = mountPane()
    await flushPromises()
    expect(wrapper.find('[data-testid="transcript"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-testid="transcript-message"]').length).toBe(2)
  })
})
