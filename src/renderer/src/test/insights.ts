import type { Insights } from '../../../shared/model/insights'

/** Figures for six conversations over three days, for the dashboard's tests. */
export function insightsFixture(overrides: Partial<Insights> = {}): Insights {
  return {
    from: '2025-03-01',
    to: '2025-03-03',
    unit: 'day',
    total: 6,
    total_cost: 1.234567,
    removed: 0,
    ai_enabled: 4,
    ai_enabled_share: 4 / 6,
    average_messages: 5.5,
    by_type: { widget: 2, whatsapp: 4 },
    by_type_cost: { widget: 0.2, whatsapp: 1.034567 },
    by_day: [],
    by_period: [
      { start: '2025-03-01', count: 1, total_cost: 0.0001, by_type: { widget: 1 } },
      { start: '2025-03-02', count: 0, total_cost: 0, by_type: {} },
      { start: '2025-03-03', count: 5, total_cost: 1.234467, by_type: { widget: 1, whatsapp: 4 } }
    ],
    by_assistant: [
      { assistant_id: 'a1', assistant_name: 'Support', count: 5, total_cost: 1.2 },
      { assistant_id: null, assistant_name: null, count: 1, total_cost: 0.034567 }
    ],
    by_sender: [{ phone: '+14155551234', name: 'Acme Support', count: 4, total_cost: 1.034567 }],
    top_customers: [{ phone: '+14155559876', name: null, count: 3, total_cost: 0.5 }],
    ...overrides
  }
}
