/** How the dashboard's time series is bucketed: chosen by the length of the range. */
export type PeriodUnit = 'day' | 'week' | 'month'

/** Conversations and cost of one UTC day, `stats --json`'s `by_day`. */
export interface DayFigures {
  /** YYYY-MM-DD, a UTC day of created_at. */
  day: string
  count: number
  /** USD. */
  total_cost: number
  by_type: Record<string, number>
}

/** One bar of the dashboard's time series: a day, an ISO week (from Monday) or a month. */
export interface PeriodFigures {
  /** The period's first day, YYYY-MM-DD (UTC). */
  start: string
  count: number
  total_cost: number
  by_type: Record<string, number>
}

export interface AssistantFigures {
  assistant_id: string | null
  /** The newest name the assistant's conversations carry. */
  assistant_name: string | null
  count: number
  total_cost: number
}

/** A WhatsApp sender or a customer: a stored phone number and the newest name seen with it. */
export interface PhoneFigures {
  phone: string
  name: string | null
  count: number
  total_cost: number
}

/**
 * Everything the dashboard and `stats` show for one set of search filters. Costs are USD,
 * summed in whole micro-dollars (each conversation's cost rounded to a millionth of a dollar),
 * so the same filters give the same figures whichever way they were added up.
 */
export interface Insights {
  /** The UTC days covered, inclusive: the filter's dates, else the oldest and newest match. */
  from: string | null
  to: string | null
  unit: PeriodUnit
  total: number
  total_cost: number
  /** Of `total`, conversations the server no longer returns. */
  removed: number
  /** Conversations with ai_enabled true, and their share of `total` (null when none match). */
  ai_enabled: number
  ai_enabled_share: number | null
  /** message_count averaged over the conversations that have one; null when none has. */
  average_messages: number | null
  by_type: Record<string, number>
  by_type_cost: Record<string, number>
  /** Days with at least one conversation, oldest first. */
  by_day: DayFigures[]
  /** Every period of `unit` from `from` to `to`, empty ones included, oldest first. */
  by_period: PeriodFigures[]
  /** Most conversations first. */
  by_assistant: AssistantFigures[]
  /** WhatsApp senders, most conversations first. */
  by_sender: PhoneFigures[]
  /** The customers (stored numbers) with most conversations, at most TOP_CUSTOMERS. */
  top_customers: PhoneFigures[]
}

export const TOP_CUSTOMERS = 10
