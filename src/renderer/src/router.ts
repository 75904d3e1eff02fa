import { createRouter, createWebHashHistory, type Router, type RouterHistory } from 'vue-router'
import SearchView from './views/SearchView.vue'
import CustomerView from './views/CustomerView.vue'
import DashboardView from './views/DashboardView.vue'
import { OPEN_PARAM } from './lib/searchRoute'
import { SETTINGS_ROUTE } from './lib/locations'

/**
 * The app's views and their addresses. The route says what is shown (the search and its
 * filters, the open conversation, the customer); the stores keep the data. Hash history,
 * since the page is served from app:// by a handler that knows no routes.
 *
 * - `#/search?q=&type=&assistant=&sender=&external=&from=&to=&removed=&open=` (see searchRoute.ts)
 * - `#/customer/:phone`: the number in any spelling, as clicked
 * - `#/conversation/:id`: the search view with that conversation open
 * - `#/dashboard?range=30d&…`: volumes and costs, for the search's filters (dashboardRange.ts)
 * - `#/settings`: the Settings dialog over the view it was opened from (useSettingsRoute.ts);
 *   its component is what shows behind it when the address is opened directly
 * - `?account=NAME` on any of them: that account's data (accountRoute.ts)
 *
 * Links are made with lib/locations.ts.
 */
export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  return createRouter({
    history,
    routes: [
      { path: '/', redirect: { name: 'search' } },
      { path: '/search', name: 'search', component: SearchView },
      { path: '/customer/:phone', name: 'customer', component: CustomerView },
      { path: '/dashboard', name: 'dashboard', component: DashboardView },
      { path: '/settings', name: SETTINGS_ROUTE, component: SearchView },
      {
        path: '/conversation/:id',
        name: 'conversation',
        redirect: (to) => ({
          name: 'search',
          query: { ...to.query, [OPEN_PARAM]: String(to.params.id) }
        })
      },
      { path: '/:unknown(.*)*', redirect: { name: 'search' } }
    ]
  })
}
