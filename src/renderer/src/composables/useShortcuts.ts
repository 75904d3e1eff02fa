import { onBeforeUnmount, onMounted } from 'vue'

export interface ShortcutHandlers {
  move(delta: number): void
  openSelected(): void
  escape(): void
  sync(): void
}

function isTypingElsewhere(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  // The search field lets Up/Down/Enter through, so results can be walked while typing.
  if (target.dataset.testid === 'search-input') return false
  return ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(target.tagName)
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
    if (command || event.altKey || isTypingElsewhere(event.target)) return
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      handlers.move(event.key === 'ArrowDown' ? 1 : -1)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      handlers.openSelected()
    }
  }
  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
