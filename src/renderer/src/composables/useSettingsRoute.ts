import { computed, provide, shallowReactive, shallowRef, watch, type ComputedRef } from 'vue'
import {
  routeLocationKey,
  START_LOCATION,
  useRoute,
  useRouter,
  type RouteLocationNormalizedLoaded
} from 'vue-router'
import { useAppStore } from '../stores/app'
import { searchLocation, settingsLocation, SETTINGS_ROUTE } from '../lib/locations'

/**
 * Settings has an address, `#/settings`, and opens as a dialog over the view it was opened from.
 * The route decides: `app.settingsOpen` follows it, and setting that flag (a button, Escape)
 * goes to the address or back from it, so Back closes the dialog and Forward opens it again.
 *
 * Returns the route to show behind the dialog, and gives it to the views below as their
 * `useRoute()`, so the customer view or the dashboard stays as it was rather than reading the
 * settings address as theirs.
 */
export function useSettingsRoute(): ComputedRef<RouteLocationNormalizedLoaded> {
  const route = useRoute()
  const router = useRouter()
  const app = useAppStore()
  const behind = shallowRef<RouteLocationNormalizedLoaded | null>(null)

  watch(
    () => route.fullPath,
    () => {
      const onSettings = route.name === SETTINGS_ROUTE
      if (!onSettings) behind.value = router.currentRoute.value
      app.settingsOpen = onSettings
    },
    { immediate: true }
  )

  watch(
    () => app.settingsOpen,
    (open) => {
      const onSettings = router.currentRoute.value.name === SETTINGS_ROUTE
      if (open && !onSettings) void router.push(settingsLocation())
      else if (!open && onSettings) {
        if (router.options.history.state.back) router.back()
        else void router.replace(searchLocation())
      }
    }
  )

  // Opened directly, the settings route itself shows: its component is the search.
  const shown = computed(() =>
    route.name === SETTINGS_ROUTE && behind.value ? behind.value : router.currentRoute.value
  )

  // The same shape as the router's own (getters over the current value), for the views below.
  const shownRoute = {} as RouteLocationNormalizedLoaded
  for (const key of Object.keys(START_LOCATION) as (keyof RouteLocationNormalizedLoaded)[]) {
    Object.defineProperty(shownRoute, key, { get: () => shown.value[key], enumerable: true })
  }
  provide(routeLocationKey, shallowReactive(shownRoute))
  return shown
}
