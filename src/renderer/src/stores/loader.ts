import { ref } from 'vue'
import { toApiError, type ApiError } from '../api'

const SPINNER_DELAY_MS = 100

// Main answers each call from the account that is current when the call arrives: a load asked
// for before the account changed is the other account's, and one asked after never shares it.
let accountEpoch = 0

/** The window now shows another account: loads under way belong to the one before. */
export function forgetPendingLoads(): void {
  accountEpoch++
}

/**
 * Loading and error state for one store. Identical loads (same key, same account) share the
 * pending promise; the spinner flag turns on only if a load outlasts SPINNER_DELAY_MS, so fast
 * answers never flicker.
 */
export function useLoader() {
  const loading = ref(false)
  const showSpinner = ref(false)
  const error = ref<ApiError | null>(null)
  const pending = new Map<string, Promise<unknown>>()
  let spinnerTimer: ReturnType<typeof setTimeout> | undefined

  function settle(): void {
    if (pending.size > 0) return
    loading.value = false
    showSpinner.value = false
    clearTimeout(spinnerTimer)
  }

  function run<T>(name: string, task: () => Promise<T>): Promise<T> {
    const key = `${accountEpoch} ${name}`
    const existing = pending.get(key)
    if (existing) return existing as Promise<T>
    if (pending.size === 0) {
      spinnerTimer = setTimeout(() => (showSpinner.value = loading.value), SPINNER_DELAY_MS)
    }
    loading.value = true
    error.value = null
    const promise = task()
      .catch((failure: unknown) => {
        const apiError = toApiError(failure)
        error.value = apiError
        throw apiError
      })
      .finally(() => {
        pending.delete(key)
        settle()
      })
    pending.set(key, promise)
    return promise
  }

  return { loading, showSpinner, error, run }
}
