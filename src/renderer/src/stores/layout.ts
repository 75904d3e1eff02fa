import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'

/** How the person arranged the window, kept for the session (not saved across restarts). */
export const useLayoutStore = defineStore('layout', () => {
  /**
   * The detail pane's full list of fields. Folded by default: people open a conversation to
   * read what was said, and the key fields are on the line under the name.
   */
  const detailFieldsOpen = ref(false)

  return { detailFieldsOpen }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useLayoutStore, import.meta.hot))
