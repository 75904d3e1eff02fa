import { nextTick, onBeforeUnmount, onMounted } from 'vue'
import { useRouter } from 'vue-router'
import { clipboardCustomerAddress } from '@shared/deepLink'
import type { QuickLookup } from '@shared/ipc/contract'
import { api } from '../api'
import { ACCOUNTS_PARAM } from '../lib/customerRoute'
import { queryFromSearchState } from '../lib/searchRoute'
import { useAppStore } from '../stores/app'
import { useSearchStore } from '../stores/search'

/** How long the quick lookup waits for the search field of a window that is still starting. */
const FIELD_WAIT_MS = 5_000

/**
 * The search field, once it is in the document: a window the shortcut just opened is still
 * loading the app's state when the request arrives, and shows the field only after that.
 */
function searchField(): Promise<HTMLInputElement | null> {
  const find = (): HTMLInputElement | null => {
    const field = document.getElementById('search-input')
    return field instanceof HTMLInputElement ? field : null
  }
  const found = find()
  if (found) return Promise.resolve(found)
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const field = find()
      if (field) finish(field)
    })
    const timer = setTimeout(() => finish(null), FIELD_WAIT_MS)
    function finish(field: HTMLInputElement | null): void {
      observer.disconnect()
      clearTimeout(timer)
      resolve(field)
    }
    observer.observe(document.body, { childList: true, subtree: true })
  })
}

/**
 * What the main process asks of the window: a conversation-browser:// link to show (already
 * checked there against the one parser), and the quick lookup's shortcut: the customer whose
 * number was on the clipboard, else the search with its field ready to type over. With several
 * accounts that customer is looked up in every one: an agency does not know which client's line
 * the caller dialled.
 */
export function useShellRequests(): void {
  const router = useRouter()
  const search = useSearchStore()
  const app = useAppStore()
  const stops: (() => void)[] = []

  async function quickLookup(lookup: QuickLookup): Promise<void> {
    if (lookup.clipboardPhone) {
      const customer = router.resolve(clipboardCustomerAddress(lookup.clipboardPhone.e164))
      const several = (app.state?.accounts.length ?? 0) > 1
      const query = several ? { ...customer.query, [ACCOUNTS_PARAM]: 'all' } : customer.query
      await router.push({ path: customer.path, query })
      return
    }
    if (router.currentRoute.value.name !== 'search') {
      const state = { input: search.input, filters: search.filters, openId: search.detailId }
      await router.push({ name: 'search', query: queryFromSearchState(state) })
    }
    await nextTick()
    const field = await searchField()
    field?.focus()
    field?.select()
  }

  onMounted(() => {
    stops.push(api.onNavigate(({ address }) => void router.push(address)))
    stops.push(api.onQuickLookup((lookup) => void quickLookup(lookup)))
  })
  onBeforeUnmount(() => stops.splice(0).forEach((stop) => stop()))
}
