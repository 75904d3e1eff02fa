import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Router } from 'vue-router'
import type { Api, IpcResult } from '@shared/ipc/contract'
import type { CustomerLookup } from '../../../shared/model/customer'
import { conversation, customerOverview, idleSync, installFakeApi, ok } from '../test/fakeApi'
import { fakeLayout } from '../test/layout'
import { testRouter } from '../test/router'
import { formatLocalDateTime } from '../lib/format'
import { useSyncStore } from '../stores/sync'
import CustomerView from './CustomerView.vue'

enableAutoUnmount(afterEach)

let pinia: Pinia
let router: Router

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  fakeLayout()
})
afterEach(() => vi.restoreAllMocks())

async function mountCustomer(path: string, api: Partial<Api> = {}) {
  const fake = installFakeApi(api)
  router = await testRouter('/search')
  await router.push(path)
  const wrapper = mount(CustomerView, {
    attachTo: document.body,
    global: { plugins: [pinia, router] }
  })
  await flushPromises()
  return { wrapper, ...fake }
}

const text = (wrapper: ReturnType<typeof mount>, testid: string) =>
  wrapper.find(`[data-testid="${testid}"]`).text()

describe('CustomerView', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows who the customer is and the figures of every conversation with them', async () => {
    const { wrapper, api } = await mountCustomer('/customer/(415)%20555-9876')
    expect(api.getCustomer).toHaveBeenCalledWith({ phone: '(415) 555-9876' })
    expect(text(wrapper, 'customer-name')).toBe('John Doe')
    expect(text(wrapper, 'customer-phone')).toBe('+1 415 555 9876')
    expect(text(wrapper, 'customer-count')).toBe('2')
    expect(text(wrapper, 'customer-first-contact')).toBe(
      formatLocalDateTime('2025-01-02T03:04:05Z')
    )
    expect(text(wrapper, 'customer-last-contact')).toBe(formatLocalDateTime('2025-03-04T05:06:07Z'))
    expect(text(wrapper, 'customer-total-cost')).toBe('$0.0144')
    expect(wrapper.find('main').attributes('aria-labelledby')).toBe('customer-title')
    expect(document.activeElement).toBe(wrapper.find('h1').element)
  })

  it('lists every conversation newest first with its type, assistant, date, messages and cost', async () => {
    const { wrapper } = await mountCustomer('/customer/+14155559876')
    const rows = wrapper.findAll('[data-testid="customer-conversation"]')
    expect(rows.map((row) => row.attributes('data-id'))).toEqual(['c2', 'c1'])
    const first = rows[0]!
    expect(first.find('[data-testid="customer-conversation-type"]').text()).toBe('whatsapp')
    expect(rows[1]!.find('[data-testid="customer-conversation-type"]').text()).toBe('api')
    expect(first.text()).toContain('Acme Support')
    expect(first.text()).toContain(formatLocalDateTime('2025-03-04T05:06:07Z'))
    expect(first.text()).toContain('3 messages')
    expect(first.find('[data-testid="customer-conversation-cost"]').text()).toBe('$0.0123')
  })

  it('opens each transcript inline, one at a time or several', async () => {
    const { wrapper, api } = await mountCustomer('/customer/+14155559876')
    const toggle = wrapper.find('[data-id="c1"] [data-testid="customer-conversation-toggle"]')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(wrapper.find('[data-testid="transcript"]').exists()).toBe(false)
    await toggle.trigger('click')
    await flushPromises()
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(api.getTranscript).toHaveBeenCalledWith({ id: 'c1' })
    const panel = wrapper.find(`#${toggle.attributes('aria-controls')}`)
    expect(panel.findAll('[data-testid="transcript-message"]')).toHaveLength(2)
    await toggle.trigger('click')
    expect(wrapper.find('[data-testid="transcript"]').exists()).toBe(false)
  })

  it('goes back where it came from, or to the search when opened by a link', async () => {
    const { wrapper } = await mountCustomer('/customer/+14155559876')
    await wrapper.find('[data-testid="customer-back"]').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('search'))

    const direct = await testRouter('/customer/+14155559876')
    const alone = mount(CustomerView, { global: { plugins: [pinia, direct] } })
    await flushPromises()
    await alone.find('[data-testid="customer-back"]').trigger('click')
    await flushPromises()
    expect(direct.currentRoute.value.fullPath).toBe('/search')
  })

  it('links each conversation to the search view with it open', async () => {
    const { wrapper } = await mountCustomer('/customer/+14155559876')
    const link = wrapper.find('[data-id="c2"] a')
    expect(link.text()).toBe('Show in list')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/search?open=c2')
  })

  it('says when nothing is archived for the number', async () => {
    const { wrapper } = await mountCustomer('/customer/999', {
      getCustomer: () =>
        ok(
          customerOverview({
            phone: '999',
            display: '999',
            name: null,
            conversations: [],
            count: 0,
            total_cost: 0,
            first_contact_at: null,
            last_contact_at: null
          })
        )
    })
    expect(text(wrapper, 'customer-empty')).toBe(
      'No conversation with this number is in the archive.'
    )
    expect(text(wrapper, 'customer-name')).toBe('Unknown customer')
    expect(text(wrapper, 'customer-count')).toBe('0')
  })

  it('says it is looking while the archive is slow, and what failed, with a retry', async () => {
    vi.useFakeTimers()
    let answer: (result: IpcResult<CustomerLookup>) => void = () => undefined
    const getCustomer = vi.fn(
      () => new Promise<IpcResult<CustomerLookup>>((resolve) => (answer = resolve))
    )
    const { wrapper } = await mountCustomer('/customer/+14155559876', { getCustomer })
    // The number is shown while its conversations are looked up.
    expect(text(wrapper, 'customer-name')).toBe('+1 415 555 9876')
    await vi.advanceTimersByTimeAsync(150)
    expect(text(wrapper, 'customer-loading')).toMatch(/Looking up every conversation/)
    // Before the retry button is made: Vue ignores clicks older than the handler's fake clock.
    vi.useRealTimers()
    answer({ ok: false, error: { code: 'archive', message: 'The archive is busy.' } })
    await flushPromises()
    expect(text(wrapper, 'customer-error')).toContain('The archive is busy.')
    expect(wrapper.find('[data-testid="customer-error"]').attributes('role')).toBe('alert')
    getCustomer.mockImplementation(() => ok(customerOverview()))
    await wrapper.find('[data-testid="customer-error"] button').trigger('click')
    await flushPromises()
    expect(text(wrapper, 'customer-name')).toBe('John Doe')
  })

  it('says how many are listed when the archive holds more than it lists', async () => {
    const conversations = [conversation('c1'), conversation('c2')]
    const { wrapper } = await mountCustomer('/customer/+14155559876', {
      getCustomer: () => ok(customerOverview({ conversations, count: 1_234 }))
    })
    expect(text(wrapper, 'customer-capped')).toMatch(/The newest 2 of 1,234 are listed/)
  })
})

describe('CustomerView after a sync', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('looks the customer up again, as the sync may have brought new conversations', async () => {
    const { api, emitSyncStatus } = await mountCustomer('/customer/+14155559876')
    useSyncStore().follow(idleSync())
    emitSyncStatus(idleSync({ phase: 'running' }))
    await flushPromises()
    emitSyncStatus(idleSync())
    await flushPromises()
    expect(api.getCustomer).toHaveBeenCalledTimes(2)
  })
})
