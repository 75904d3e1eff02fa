import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'

/** Whether the keyboard shortcuts sheet is open. */
export const useHelpStore = defineStore('help', () => {
  const shortcutsOpen = ref(false)
  return { shortcutsOpen }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useHelpStore, import.meta.hot))
