import { createWebHashHistory, type Router } from 'vue-router'
import { createAppRouter } from '../router'

/**
 * The app's own routes over the same hash history as the app (happy-dom keeps a real
 * `history.state`, which the Back button reads), starting at `path` with nothing before it.
 * Unmount what was mounted with it after each test, so its listeners go with it.
 */
export async function testRouter(path = '/search'): Promise<Router> {
  window.history.replaceState(null, '', '/')
  const router = createAppRouter(createWebHashHistory())
  await router.replace(path)
  await router.isReady()
  return router
}
