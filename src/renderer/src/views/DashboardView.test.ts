import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Router } from 'vue-router'
import type { Api } from '@shared/ipc/contract'
import { installFakeApi, ok } from '../test/fakeApi'
import { insightsFixture } from '../test/insights'
import { testRouter } from '../test/router'
import DashboardView from './DashboardView.vue'

enableAutoUnmount(afterEach)

let pinia: Pinia
let router: Router

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2025-03-03T10:00:00Z'))
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

async function mountDashboard(path: string, api: Partial<Api> = {}) {
  const fake = installFakeApi({ getInsights: vi.fn(() => ok(insightsFixture())), ...api })
  router = await testRouter('/search')
  await router.push(path)
  const wrapper = mount(DashboardView, {
    attachTo: document.body,
    // Canvas drawing is Chromium's (the end-to-end test); here, what the view says and links.
    global: { plugins: [pinia, router], stubs: { BarChart: true } }
  })
  await flushPromises()
  return { wrapper, ...fake }
}

const text = (wrapper: ReturnType<typeof mount>, testid: string) =>
  wrapper.find(`[data-testid="${testid}"]`).text()

describe('DashboardView', () => {
  it('asks for the browser’s filters within the last 30 days by default', async () => {
    const { wrapper, api } = await mountDashboard('/dashboard?type=whatsapp&q=refund')
    expect(api.getInsights).toHaveBeenCalledWith({
      type: 'whatsapp',
      text: 'refund',
      createdFrom: '2025-02-02',
      createdTo: '2025-03-03'
    })
    expect(text(wrapper, 'dashboard-scope')).toContain('filtered by “refund”, type whatsapp')
    expect(wrapper.find<HTMLInputElement>('[data-testid="range-30d"]').element.checked).toBe(true)
  })

  it('shows the totals, a sentence per chart and a table of each chart’s numbers', async () => {
    const { wrapper } = await mountDashboard('/dashboard')
    expect(text(wrapper, 'figure-total')).toBe('6')
    expect(text(wrapper, 'figure-cost')).toBe('$1.234567')
    expect(text(wrapper, 'figure-ai')).toBe('66.7%')
    expect(text(wrapper, 'figure-messages')).toBe('5.5')
    expect(text(wrapper, 'summary-volume')).toBe(
      '6 conversations from 1 Mar 2025 to 3 Mar 2025; the busiest day was 3 Mar with 5.'
    )
    for (const id of ['volume', 'cost', 'assistants', 'ai', 'senders', 'customers']) {
      const section = wrapper.find(`[data-testid="section-${id}"]`)
      expect(section.find('h2').text(), id).not.toBe('')
      expect(section.find('[data-testid^="summary-"]').text(), id).not.toBe('')
      expect(section.find('details table').exists(), id).toBe(true)
    }
    const volumeRows = wrapper.findAll('[data-testid="section-volume"] tbody tr')
    const cells = (row: (typeof volumeRows)[number]) =>
      row.findAll('th, td').map((cell) => cell.text())
    expect(volumeRows.map((row) => cells(row).join(' '))).toEqual([
      '1 Mar 0 1 1',
      '2 Mar 0 0 0',
      '3 Mar 4 1 5'
    ])
    const costCells = wrapper.findAll('[data-testid="section-cost"] tbody tr td')
    expect(costCells.map((cell) => cell.text())).toEqual([
      '1',
      '$0.0001',
      '0',
      '$0.00',
      '5',
      '$1.234467'
    ])
  })

  it('asks again for a preset range and puts it in the address', async () => {
    const { wrapper, api } = await mountDashboard(
      '/dashboard?type=api&from=2024-01-01&to=2024-01-31'
    )
    expect(api.getInsights).toHaveBeenLastCalledWith({
      type: 'api',
      createdFrom: '2024-01-01',
      createdTo: '2024-01-31'
    })
    await wrapper.find('[data-testid="range-7d"]').setValue(true)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ type: 'api', range: '7d' })
    expect(api.getInsights).toHaveBeenLastCalledWith({
      type: 'api',
      createdFrom: '2025-02-25',
      createdTo: '2025-03-03'
    })
    await wrapper.find('[data-testid="range-all"]').setValue(true)
    await flushPromises()
    expect(api.getInsights).toHaveBeenLastCalledWith({ type: 'api' })
  })

  it('opens a top customer’s conversations from the table', async () => {
    const { wrapper } = await mountDashboard('/dashboard')
    const link = wrapper.find('[data-testid="top-customer-link"]')
    expect(link.attributes('href')).toBe('#/customer/+14155559876')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('customer')
  })

  it('says when the figures cannot be added up, and tries again on request', async () => {
    const getInsights = vi
      .fn()
      .mockReturnValueOnce(
        Promise.resolve({ ok: false, error: { code: 'archive', message: 'The archive is gone.' } })
      )
      .mockReturnValue(ok(insightsFixture()))
    const { wrapper } = await mountDashboard('/dashboard', { getInsights })
    expect(text(wrapper, 'dashboard-error')).toContain('The archive is gone.')
    await wrapper.find('[data-testid="dashboard-error"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="dashboard-error"]').exists()).toBe(false)
    expect(text(wrapper, 'figure-total')).toBe('6')
  })

  it('goes back to the search', async () => {
    const { wrapper } = await mountDashboard('/dashboard')
    await wrapper.find('[data-testid="dashboard-back"]').trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('search'))
  })
})
