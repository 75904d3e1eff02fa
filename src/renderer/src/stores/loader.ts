import { ref } from 'vue'
import { toApiError, type ApiError } from '../api'

const SPINNER_DELAY_MS = 100

/**
 * Loading and error state for one store. Identical loads (same key) share the pending promise;
 * the spinner flag turns on only if a load outlasts SPINNER_DELAY_MS, so fast answers never flicker.
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

  function run<T>(key: string, task: () => Promise<T>): Promise<T> {
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
