import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref } from 'vue'
import type { CustomerOverview } from '../../../shared/model/customer'
import { api } from '../api'
import { useLoader } from './loader'

/** The customer view's data: everything the archive holds about one phone number. */
export const useCustomerStore = defineStore('customer', () => {
  /** The number as the route spells it. */
  const phone = ref<string | null>(null)
  const overview = ref<CustomerOverview | null>(null)
  /** Conversations whose transcript is open inline, in the order they were opened. */
  const expandedIds = ref<string[]>([])
  const { loading, showSpinner, error, run } = useLoader()
  let generation = 0

  /** Loads a customer; the same one again (Back, a sync) keeps what is open. */
  async function load(next: string): Promise<void> {
    if (next !== phone.value) {
      overview.value = null
      expandedIds.value = []
    }
    phone.value = next
    const mine = ++generation
    const result = await run(`load:${next}`, () => api.getCustomer(next))
    // Up to 500 conversations, replaced whole: no need for deep reactivity.
    if (mine === generation) overview.value = markRaw(result)
  }

  function isExpanded(id: string): boolean {
    return expandedIds.value.includes(id)
  }

  function toggle(id: string): void {
    expandedIds.value = isExpanded(id)
      ? expandedIds.value.filter((other) => other !== id)
      : [...expandedIds.value, id]
  }

  return { phone, overview, expandedIds, loading, showSpinner, error, load, isExpanded, toggle }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCustomerStore, import.meta.hot))
