import type { AppState } from '@shared/ipc/contract'
import { forgetPendingLoads } from './loader'
import { useSearchStore } from './search'
import { useFiltersStore } from './filters'
import { useDashboardStore } from './dashboard'
import { useCustomerStore } from './customer'
import { useSyncStore } from './sync'
import { useBackfillStore } from './backfill'

/**
 * The window now shows the account `state` names: whatever the stores hold of the one before
 * (the list, its filter choices, the open conversation, a customer, the dashboard's figures) is
 * dropped, answers still on their way from it are ignored, and the new account's sync and
 * backfill are followed and its list and filter choices loaded. The views themselves are made
 * afresh (BrowserView keys them on the account), so each loads what its route names.
 * Transcripts are kept: they are known by conversation id (another account's by its id and that
 * account's), and the API's ids are UUIDs, so the new account's views ask for their own.
 */
export function showAccount(state: AppState): void {
  forgetPendingLoads()
  const search = useSearchStore()
  const filters = useFiltersStore()
  search.reset()
  filters.reset()
  useDashboardStore().reset()
  useCustomerStore().$patch({ phone: null, overview: null, expandedIds: [] })
  useSyncStore().follow(state.sync)
  useBackfillStore().follow(state.backfill)
  if (!state.key.set) return
  // A failure is each store's error, shown by its view.
  filters.load().catch(() => undefined)
  search.search().catch(() => undefined)
}
