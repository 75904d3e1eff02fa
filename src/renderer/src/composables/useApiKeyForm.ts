import { computed, ref } from 'vue'
import { toApiError } from '../api'
import { keyErrorMessage } from '../lib/keyErrorMessage'
import { useAppStore } from '../stores/app'

/**
 * The key form behind the welcome screen and the settings dialog: the typed key and base URL,
 * the save, its error in plain words, and the session-only fallback when no keychain can hold
 * the key (known from the app state, or learnt from a save that failed for that reason).
 */
export function useApiKeyForm(initialBaseUrl = '') {
  const app = useAppStore()
  const apiKey = ref('')
  const baseUrl = ref(initialBaseUrl)
  const errorMessage = ref<string | null>(null)
  const keychainRefused = ref(false)
  const saving = ref(false)

  const keychainMissing = computed(
    () => keychainRefused.value || app.state?.keychainAvailable === false
  )

  /** Resolves true once the key is saved; on failure the reason is in `errorMessage`. */
  async function save(sessionOnly: boolean): Promise<boolean> {
    const key = apiKey.value.trim()
    if (key === '') {
      errorMessage.value = 'Enter your API key first.'
      return false
    }
    // An unchanged base URL is left out, so the key goes with the one already in use.
    const url = baseUrl.value.trim()
    const changedUrl = url !== '' && url !== app.state?.settings.baseUrl ? url : null
    saving.value = true
    errorMessage.value = null
    try {
      await app.saveKey({
        apiKey: key,
        ...(changedUrl ? { baseUrl: changedUrl } : {}),
        ...(sessionOnly ? { sessionOnly: true } : {})
      })
      apiKey.value = ''
      keychainRefused.value = false
      return true
    } catch (failure) {
      const error = toApiError(failure)
      if (error.code === 'keychain-unavailable') keychainRefused.value = true
      errorMessage.value = keyErrorMessage(error.code, error.message)
      return false
    } finally {
      saving.value = false
    }
  }

  return { apiKey, baseUrl, errorMessage, keychainMissing, saving, save }
}
