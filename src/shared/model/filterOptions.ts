/** An assistant the archive holds conversations of, for the assistant filter. */
export interface AssistantSummary {
  assistant_id: string | null
  /** As the newest conversation with it names it. */
  assistant_name: string | null
  count: number
}

/** A WhatsApp sender the archive holds conversations of, for the sender filter. */
export interface SenderSummary {
  phone: string | null
  name: string | null
  count: number
}
