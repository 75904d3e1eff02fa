import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'

// Appended when the same words come twice in a row: a live region speaks only when its text
// changes, and a no-break space changes it without changing what is read.
const REPEAT_MARK = '\u00a0'

/** The words of the window's one polite live region (LiveAnnouncer.vue). */
export const useAnnouncerStore = defineStore('announcer', () => {
  const message = ref('')

  function announce(text: string): void {
    message.value = message.value === text ? `${text}${REPEAT_MARK}` : text
  }

  return { message, announce }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAnnouncerStore, import.meta.hot))
