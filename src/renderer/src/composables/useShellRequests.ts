import { nextTick, onBeforeUnmount, onMounted } from 'vue'
import { useRouter } from 'vue-router'
import { clipboardCustomerAddress } from '@shared/deepLink'
import type { QuickLookup } from '@shared/ipc/contract'
import { api } from '../api'
import { queryFromSearchState } from '../lib/searchRoute'
import { useSearchStore } from '../stores/search'

/**
 * What the main process asks of the window: a conversation-browser:// link to show (already
 * checked there against the one parser), and the quick lookup's shortcut: the customer whose
 * number was on the clipboard, else the search with its field ready to type over.
 */
export function useShellRequests(): void {
  const router = useRouter()
  const search = useSearchStore()
  const stops: (() => void)[] = []

  async function quickLookup(lookup: QuickLookup): Promise<void> {
    if (lookup.clipboardPhone) {
      await router.push(clipboardCustomerAddress(lookup.clipboardPhone.e164))
      return
    }
    if (router.currentRoute.value.name !== 'search') {
      const state = { input: search.input, filters: search.filters, openId: search.detailId }
      await router.push({ name: 'search', query: queryFromSearchState(state) })
    }
    await nextTick()
    const field = document.getElementById('search-input')
    if (field instanceof HTMLInputElement) {
      field.focus()
      field.select()
    }
  }

  onMounted(() => {
    stops.push(api.onNavigate(({ address }) => void router.push(address)))
    stops.push(api.onQuickLookup((lookup) => void quickLookup(lookup)))
  })
  onBeforeUnmount(() => stops.splice(0).forEach((stop) => stop()))
}
