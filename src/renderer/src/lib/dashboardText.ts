import type {
  Insights,
  PeriodFigures,
  PeriodUnit,
  PhoneFigures
} from '../../../shared/model/insights'
import { formatPhone } from '@shared/phone'
import { formatInteger } from './format'

// Costs are summed in micro-dollars: every digit down to a millionth of a dollar is exact.
const usdExact = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 6
})

export function formatCost(usd: number): string {
  return usdExact.format(usd)
}

/**
 * The dashboard's words: labels for its bars and one sentence per chart, from the figures. Days
 * are UTC days, as the archive counts them, so they are formatted in UTC too.
 */
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })
const fullDay = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC'
})
const month = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC'
})

function utc(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`)
}

export function periodLabel(start: string, unit: PeriodUnit): string {
  if (unit === 'month') return month.format(utc(start))
  return unit === 'week' ? `Week of ${day.format(utc(start))}` : day.format(utc(start))
}

export function formatDay(isoDay: string): string {
  return fullDay.format(utc(isoDay))
}

export function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`
}

function count(value: number, noun: string): string {
  return `${formatInteger(value)} ${noun}${value === 1 ? '' : 's'}`
}

/** The types in the figures, most conversations first. */
export function typesByCount(insights: Insights): string[] {
  return Object.entries(insights.by_type)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type]) => type)
}

function busiest(periods: readonly PeriodFigures[], by: (p: PeriodFigures) => number) {
  return periods.reduce<PeriodFigures | null>(
    (best, period) => (best === null || by(period) > by(best) ? period : best),
    null
  )
}

export function rangeText(insights: Insights): string {
  if (insights.from === null || insights.to === null) return 'nothing archived yet'
  return insights.from === insights.to
    ? formatDay(insights.from)
    : `${formatDay(insights.from)} to ${formatDay(insights.to)}`
}

export function volumeSummary(insights: Insights): string {
  if (insights.total === 0) return `No conversations from ${rangeText(insights)}.`
  const top = busiest(insights.by_period, (period) => period.count)
  const peak = top
    ? `; the busiest ${insights.unit} was ${periodLabel(top.start, insights.unit)} with ${formatInteger(top.count)}`
    : ''
  return `${count(insights.total, 'conversation')} from ${rangeText(insights)}${peak}.`
}

export function costSummary(insights: Insights): string {
  if (insights.total === 0) return 'No cost in this range.'
  const top = busiest(insights.by_period, (period) => period.total_cost)
  const perPeriod =
    insights.by_period.length === 0 ? 0 : insights.total_cost / insights.by_period.length
  const peak = top
    ? `; the highest ${insights.unit}, ${periodLabel(top.start, insights.unit)}, cost ${formatCost(top.total_cost)}`
    : ''
  return `${formatCost(insights.total_cost)} in total, ${formatCost(perPeriod)} a ${insights.unit} on average${peak}.`
}

export function assistantName(assistant: Insights['by_assistant'][number]): string {
  return assistant.assistant_name ?? assistant.assistant_id ?? 'No assistant'
}

export function assistantsSummary(insights: Insights): string {
  const [top] = insights.by_assistant
  if (!top) return 'No assistant had a conversation in this range.'
  return `${count(insights.by_assistant.length, 'assistant')}; ${assistantName(top)} had the most: ${count(top.count, 'conversation')} (${percent(top.count / insights.total)}), ${formatCost(top.total_cost)}.`
}

export function aiSummary(insights: Insights): string {
  if (insights.total === 0) return 'No conversations in this range.'
  return `AI was enabled in ${percent(insights.ai_enabled_share)} of conversations: ${formatInteger(insights.ai_enabled)} of ${formatInteger(insights.total)}.`
}

export function phoneName(figures: PhoneFigures): string {
  return figures.name ?? formatPhone(figures.phone)
}

export function sendersSummary(insights: Insights): string {
  const [top] = insights.by_sender
  if (!top) return 'No WhatsApp conversations in this range.'
  return `${count(insights.by_sender.length, 'WhatsApp sender')}; ${phoneName(top)} sent the most: ${count(top.count, 'conversation')}.`
}

export function customersSummary(insights: Insights): string {
  const [top] = insights.top_customers
  if (!top) return 'No conversation in this range has a customer number.'
  const who = top.name === null ? formatPhone(top.phone) : `${top.name} (${formatPhone(top.phone)})`
  return `${who} had the most conversations: ${formatInteger(top.count)}, ${formatCost(top.total_cost)}.`
}

export function averageMessagesText(insights: Insights): string {
  return insights.average_messages === null ? '—' : insights.average_messages.toFixed(1)
}
