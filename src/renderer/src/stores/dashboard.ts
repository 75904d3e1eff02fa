import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref } from 'vue'
import type { InsightsQuery } from '@shared/ipc/contract'
import type { Insights } from '../../../shared/model/insights'
import { api } from '../api'
import { useLoader } from './loader'

/**
 * The dashboard's figures for one question (the browser's filters within a range). Questions
 * asked in a row all run, on the main process's analytic reader, but only the last one's answer
 * is shown: an earlier answer that comes later is dropped, never drawn over a newer one.
 */
export const useDashboardStore = defineStore('dashboard', () => {
  /** The question the shown (or awaited) figures answer. */
  const query = ref<InsightsQuery | null>(null)
  const insights = ref<Insights | null>(null)
  /** The question `insights` answers; differs from `query` while a newer one is out. */
  const answeredKey = ref<string | null>(null)
  const { loading, showSpinner, error, run } = useLoader()
  let generation = 0

  async function load(next: InsightsQuery): Promise<void> {
    const key = JSON.stringify(next)
    query.value = next
    const mine = ++generation
    try {
      const answer = await run(key, () => api.getInsights(next))
      if (mine !== generation) return
      // Replaced whole on each answer: no need for deep reactivity.
      insights.value = markRaw(answer)
      answeredKey.value = key
      // An earlier question's failure that came after this one was asked is not this one's.
      error.value = null
    } catch (failure) {
      // A failure of a question no longer asked is not this view's to show.
      if (mine === generation) throw failure
    }
  }

  /** Another account is shown: these figures are not its, and answers on their way are dropped. */
  function reset(): void {
    generation++
    query.value = null
    insights.value = null
    answeredKey.value = null
    error.value = null
  }

  return { query, insights, answeredKey, loading, showSpinner, error, load, reset }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDashboardStore, import.meta.hot))
