import { describe, expect, it } from 'vitest'
import { insightsFixture } from '../test/insights'
import {
  aiSummary,
  assistantsSummary,
  costSummary,
  customersSummary,
  formatCost,
  periodLabel,
  sendersSummary,
  typesByCount,
  volumeSummary
} from './dashboardText'

describe('the dashboard’s words', () => {
  it('labels days, weeks and months in UTC', () => {
    expect(periodLabel('2025-03-03', 'day')).toBe('3 Mar')
    expect(periodLabel('2025-03-03', 'week')).toBe('Week of 3 Mar')
    expect(periodLabel('2025-03-01', 'month')).toBe('Mar 2025')
  })

  it('shows a cost to the millionth of a dollar', () => {
    expect(formatCost(1.234567)).toBe('$1.234567')
    expect(formatCost(0.0001)).toBe('$0.0001')
    expect(formatCost(1812.96)).toBe('$1,812.96')
  })

  it('says in one sentence what each chart shows', () => {
    const insights = insightsFixture()
    expect(typesByCount(insights)).toEqual(['whatsapp', 'widget'])
    expect(volumeSummary(insights)).toBe(
      '6 conversations from 1 Mar 2025 to 3 Mar 2025; the busiest day was 3 Mar with 5.'
    )
    expect(costSummary(insights)).toBe(
      '$1.234567 in total, $0.411522 a day on average; the highest day, 3 Mar, cost $1.234467.'
    )
    expect(assistantsSummary(insights)).toBe(
      '2 assistants; Support had the most: 5 conversations (83.3%), $1.20.'
    )
    expect(aiSummary(insights)).toBe('AI was enabled in 66.7% of conversations: 4 of 6.')
    expect(sendersSummary(insights)).toBe(
      '1 WhatsApp sender; Acme Support sent the most: 4 conversations.'
    )
    expect(customersSummary(insights)).toBe('+1 415 555 9876 had the most conversations: 3, $0.50.')
  })

  it('says so when nothing matches', () => {
    const none = insightsFixture({
      total: 0,
      by_assistant: [],
      by_sender: [],
      top_customers: [],
      ai_enabled_share: null
    })
    expect(volumeSummary(none)).toBe('No conversations from 1 Mar 2025 to 3 Mar 2025.')
    expect(assistantsSummary(none)).toMatch(/^No assistant/)
    expect(sendersSummary(none)).toMatch(/^No WhatsApp/)
    expect(customersSummary(none)).toMatch(/^No conversation/)
  })
})
