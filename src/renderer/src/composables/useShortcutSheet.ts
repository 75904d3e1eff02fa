import { onBeforeUnmount, onMounted } from 'vue'
import { useHelpStore } from '../stores/help'

const TEXT_ENTRY = ['INPUT', 'TEXTAREA', 'SELECT']

/** Whether a key opens the shortcuts sheet: F1 anywhere, ? where it is not being typed. */
export function opensShortcutSheet(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false
  if (event.key === 'F1') return true
  if (event.key !== '?') return false
  const target = event.target
  return !(target instanceof HTMLElement && TEXT_ENTRY.includes(target.tagName))
}

/** F1 and ? open the keyboard shortcuts sheet; Help > Keyboard Shortcuts presses F1. */
export function useShortcutSheet(): void {
  const help = useHelpStore()

  function onKeydown(event: KeyboardEvent): void {
    if (help.shortcutsOpen || !opensShortcutSheet(event)) return
    event.preventDefault()
    help.shortcutsOpen = true
  }

  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
