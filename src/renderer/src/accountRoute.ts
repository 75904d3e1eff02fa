import type { Router } from 'vue-router'
import type { useAppStore } from './stores/app'
import { accountParam, withoutAccount } from './lib/accountParam'

/**
 * Every switch of account is a navigation: `?account=NAME` on any address (a link, the
 * switcher, Ctrl+1 … Ctrl+9) switches to that account before the view is shown, and the view
 * then opens at the same address without the parameter. An unknown name leaves the current
 * account and says so (app.accountNotice). The first address waits for the app's state, which
 * lists the accounts.
 */
export function guardAccountParam(router: Router, appStore: () => ReturnType<typeof useAppStore>) {
  return router.beforeEach(async (to) => {
    const name = accountParam(to.query)
    if (name === null) return true
    const app = appStore()
    // A failed load is shown by App.vue; the view then opens in whatever account main has.
    const state = app.state ?? (await app.load().catch(() => null))
    if (state) await app.selectAccountNamed(name)
    return { path: to.path, query: withoutAccount(to.query), hash: to.hash }
  })
}
