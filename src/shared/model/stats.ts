export interface GroupStats {
  count: number
  total_cost: number
}

export interface ArchiveStats {
  total: number
  total_cost: number
  removed: number
  by_type: Record<string, number>
  by_type_cost: Record<string, number>
  by_assistant: {
    assistant_id: string | null
    assistant_name: string | null
    count: number
    total_cost: number
  }[]
  oldest_created_at: string | null
  newest_created_at: string | null
}
