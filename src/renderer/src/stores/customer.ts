import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref } from 'vue'
import type { CustomerLookup } from '../../../shared/model/customer'
import { api } from '../api'
import { useLoader } from './loader'

/**
 * The customer view's data: everything the archive holds about one phone number, in the current
 * account or in every account at once.
 */
export const useCustomerStore = defineStore('customer', () => {
  /** The number as the route spells it. */
  const phone = ref<string | null>(null)
  /** Whether the overview is of every account's archive, or of the current account's only. */
  const allAccounts = ref(false)
  const overview = ref<CustomerLookup | null>(null)
  /**
   * Conversations whose transcript is open inline, in the order they were opened: their ids, or
   * for another account's conversations their transcriptKey, as two archives may share an id.
   */
  const expandedIds = ref<string[]>([])
  const { loading, showSpinner, error, run } = useLoader()
  let generation = 0

  /**
   * Loads a customer; the same one again (Back, a sync, the other scope) keeps what is open.
   * An overview of the other scope is not shown meanwhile: its figures would count other accounts.
   */
  async function load(next: string, across = false): Promise<void> {
    if (next !== phone.value) expandedIds.value = []
    if (next !== phone.value || across !== allAccounts.value) overview.value = null
    phone.value = next
    allAccounts.value = across
    const mine = ++generation
    const result = await run(`load:${next}:${across}`, () => api.getCustomer(next, across))
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

  return {
    phone,
    allAccounts,
    overview,
    expandedIds,
    loading,
    showSpinner,
    error,
    load,
    isExpanded,
    toggle
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCustomerStore, import.meta.hot))
