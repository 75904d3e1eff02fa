import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { archived } from '../test/fakeApi'
import DetailPane from './DetailPane.vue'

const conversation = archived('conv-1', {
  external_identifier: 'ext-42',
  variables: { order: 'A-17', amount: 12 },
  whatsapp_sender: { name: 'Acme Sales', phone: '+442071838750' },
  total_cost: 0.0042,
  created_at: '2025-03-04T05:06:07Z'
})

describe('DetailPane', () => {
  it('shows every field with formatted phones and a USD cost', () => {
    const wrapper = mount(DetailPane, { props: { conversation } })
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

  it('lays the variables out as a table', () => {
    const wrapper = mount(DetailPane, { props: { conversation } })
    const rows = wrapper.findAll('[data-testid="detail-variables"] tr')
    expect(rows.map((row) => row.text())).toEqual(['orderA-17', 'amount12'])
  })

  it('shows local times with the UTC instant on hover', () => {
    const wrapper = mount(DetailPane, { props: { conversation } })
    const created = wrapper
      .findAll('dd')
      .find((dd) => dd.attributes('title')?.startsWith('2025-03-04T05:06:07'))
    expect(created?.attributes('title')).toBe('2025-03-04T05:06:07.000Z (UTC)')
    expect(created?.text()).toMatch(/2025/)
  })

  it('marks a conversation removed from the server', () => {
    const wrapper = mount(DetailPane, {
      props: { conversation: { ...conversation, removed_at: '2025-04-01T00:00:00Z' } }
    })
    expect(wrapper.find('[data-testid="detail-removed-badge"]').text()).toBe('Removed from server')
  })
})
