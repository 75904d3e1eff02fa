import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import BarChart from './BarChart.vue'
import type { ThemeColors } from '../../composables/useThemeColors'

enableAutoUnmount(afterEach)

const COLORS: ThemeColors = {
  text: '#000',
  muted: '#555',
  grid: '#eee',
  surface: '#fff',
  border: '#ccc',
  accent: '#00f',
  series: { whatsapp: '#0a0', widget: '#00a', api: '#a0a', test: '#a50', other: '#777' }
}

function mountChart(selectable = false) {
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  return mount(BarChart, {
    props: {
      labels: ['Ann', 'Bob', 'Cy'],
      series: [{ label: 'Conversations', data: [5, 3, 1], color: '#00f' }],
      colors: COLORS,
      label: 'Top customers',
      horizontal: true,
      selectable,
      describe: (_series: number, index: number) => `${[5, 3, 1][index]} conversations`
    }
  })
}

describe('BarChart', () => {
  it('is one stop for the keyboard, named by its label', () => {
    const chart = mountChart().find('[data-testid="chart"]')
    expect(chart.attributes('tabindex')).toBe('0')
    expect(chart.attributes('aria-label')).toBe('Top customers')
  })

  it('walks its bars with the arrow keys and says each one’s exact figures', async () => {
    const wrapper = mountChart()
    const chart = wrapper.find('[data-testid="chart"]')
    const said = () => wrapper.find('[aria-live="polite"]').text()
    await chart.trigger('keydown', { key: 'ArrowDown' })
    expect(said()).toBe('Ann: 5 conversations')
    await chart.trigger('keydown', { key: 'ArrowDown' })
    expect(said()).toBe('Bob: 3 conversations')
    await chart.trigger('keydown', { key: 'End' })
    expect(said()).toBe('Cy: 1 conversations')
    await chart.trigger('keydown', { key: 'ArrowUp' })
    expect(said()).toBe('Bob: 3 conversations')
    await chart.trigger('blur')
    expect(said()).toBe('')
  })

  it('opens the bar the keyboard is on with Enter, when its bars open something', async () => {
    const wrapper = mountChart(true)
    const chart = wrapper.find('[data-testid="chart"]')
    await chart.trigger('keydown', { key: 'ArrowDown' })
    await chart.trigger('keydown', { key: 'ArrowDown' })
    await chart.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('select')).toEqual([[1]])
    const plain = mountChart(false)
    await plain.find('[data-testid="chart"]').trigger('keydown', { key: 'ArrowDown' })
    await plain.find('[data-testid="chart"]').trigger('keydown', { key: 'Enter' })
    expect(plain.emitted('select')).toBeUndefined()
  })
})
