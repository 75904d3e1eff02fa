import { onBeforeUnmount, onMounted } from 'vue'

export interface ShortcutHandlers {
  move(delta: number): void
  openSelected(): void
  /** Ctrl/Cmd+Enter: the selected conversation's customer. */
  openCustomer(): void
  escape(): void
  sync(): void
  /**
   * Alt+Left and Alt+Right (Cmd+[ and Cmd+] on macOS), the mouse's back and forward buttons and
   * a keyboard's Back and Forward keys.
   */
  back(): void
  forward(): void
  /** Ctrl+1 … Ctrl+9 (Cmd on macOS): the account at this index (0 for the first). */
  switchAccount(index: number): void
}

// Elements that do their own thing with Up/Down/Enter.
const OWN_KEYS = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'SUMMARY', 'A']
const TEXT_FIELDS = ['INPUT', 'TEXTAREA']

function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform)
}

function isTypingElsewhere(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  // The search field lets Up/Down/Enter through, so results can be walked while typing.
  if (target.dataset.testid === 'search-input') return false
  // A scroller that scrolls with the arrow keys (a transcript) keeps them.
  if (target.closest('[data-scroll-keys]')) return true
  return OWN_KEYS.includes(target.tagName)
}

/** The window's keyboard shortcuts; Ctrl/Cmd+K lives with the search field it focuses. */
export function useShortcuts(handlers: ShortcutHandlers): void {
  function onKeydown(event: KeyboardEvent): void {
    const command = event.ctrlKey || event.metaKey
    if (command && event.key.toLowerCase() === 'r') {
      // Never reload the page: Ctrl+R means sync here.
      event.preventDefault()
      handlers.sync()
      return
    }
    if (event.key === 'Escape') {
      handlers.escape()
      return
    }
    if (event.altKey && !command && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      // On macOS Option+Left/Right moves the caret by a word: leave text fields alone there.
      const target = event.target
      if (isMac() && target instanceof HTMLElement && TEXT_FIELDS.includes(target.tagName)) return
      event.preventDefault()
      if (event.key === 'ArrowLeft') handlers.back()
      else handlers.forward()
      return
    }
    // As in Safari and Finder; elsewhere Ctrl+[ is left alone (in a terminal it is Escape).
    const macHistoryKey = isMac() && event.metaKey && (event.key === '[' || event.key === ']')
    if (macHistoryKey || event.key === 'BrowserBack' || event.key === 'BrowserForward') {
      event.preventDefault()
      if (event.key === '[' || event.key === 'BrowserBack') handlers.back()
      else handlers.forward()
      return
    }
    // Digit keys by their place, so layouts that shift the digits (AZERTY) have them too.
    const digit = /^Digit([1-9])$/.exec(event.code)?.[1] ?? /^[1-9]$/.exec(event.key)?.[0]
    if (command && !event.altKey && !event.shiftKey && digit) {
      event.preventDefault()
      handlers.switchAccount(Number(digit) - 1)
      return
    }
    if (command && event.key === 'Enter' && !isTypingElsewhere(event.target)) {
      event.preventDefault()
      handlers.openCustomer()
      return
    }
    if (command || event.altKey || isTypingElsewhere(event.target)) return
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      handlers.move(event.key === 'ArrowDown' ? 1 : -1)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      handlers.openSelected()
    }
  }

  // Mice with back and forward buttons send them as buttons 3 and 4.
  function onMouseUp(event: MouseEvent): void {
    if (event.button === 3) handlers.back()
    else if (event.button === 4) handlers.forward()
  }

  onMounted(() => {
    window.addEventListener('keydown', onKeydown)
    window.addEventListener('mouseup', onMouseUp)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKeydown)
    window.removeEventListener('mouseup', onMouseUp)
  })
}
