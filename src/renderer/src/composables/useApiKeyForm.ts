import { computed, ref } from 'vue'
import { toApiError } from '../api'
import { keyErrorMessage } from '../lib/keyErrorMessage'
import { useAppStore } from '../stores/app'

/** What the form holds when it is sent: the key and base URL trimmed. */
export interface KeyEntry {
  apiKey: string
  baseUrl: string
  sessionOnly: boolean
}

/**
 * The key form behind the welcome screen, the settings dialog and a new account: the typed key
 * and base URL, the save, its error in plain words, and the session-only fallback when no
 * keychain can hold the key (known from the app state, or learnt from a save that failed for
 * that reason). By default a save changes the current account's key; `send` does otherwise.
 */
export function useApiKeyForm(initialBaseUrl = '', send?: (entry: KeyEntry) => Promise<void>) {
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
    saving.value = true
    errorMessage.value = null
    try {
      await (send ?? saveCurrentKey)({ apiKey: key, baseUrl: baseUrl.value.trim(), sessionOnly })
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

  function saveCurrentKey(entry: KeyEntry): Promise<void> {
    // An unchanged base URL is left out, so the key goes with the one already in use.
    const url = entry.baseUrl
    const changedUrl = url !== '' && url !== app.state?.settings.baseUrl ? url : null
    return app.saveKey({
      apiKey: entry.apiKey,
      ...(changedUrl ? { baseUrl: changedUrl } : {}),
      ...(entry.sessionOnly ? { sessionOnly: true } : {})
    })
  }

  return { apiKey, baseUrl, errorMessage, keychainMissing, saving, save }
}
