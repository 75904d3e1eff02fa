import { nextTick, onBeforeUnmount, onMounted, type Ref } from 'vue'

const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])'

/**
 * What Tab reaches inside `root`, in order: enabled, shown, and of a radio group only the
 * checked radio (the arrow keys move within the group).
 */
function tabbable(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => {
    if (element.hasAttribute('disabled') || element.closest('[hidden]')) return false
    if (element instanceof HTMLInputElement && element.type === 'radio' && !element.checked) {
      const group = root.querySelectorAll<HTMLInputElement>(
        `input[type="radio"][name="${CSS.escape(element.name)}"]`
      )
      return ![...group].some((radio) => radio.checked)
    }
    return true
  })
}

/** How a modal dialog closes, where its focus starts, and which keys leave it. */
export interface ModalOptions {
  /** Called on Escape. */
  close: () => void
  /** Where focus starts; else the first thing Tab reaches, else the dialog itself. */
  initial?: () => HTMLElement | null
  /**
   * Let Alt, Ctrl and Cmd shortcuts (Back, Sync) reach the window; Enter and plain keys still
   * stay inside. Without it every key stays inside.
   */
  passCommandKeys?: boolean
}

/**
 * A modal dialog's keys and focus: on opening, focus moves into the dialog (to `initial`, else
 * the first thing Tab reaches), Tab and Shift+Tab go round inside it, Esc closes it, other keys
 * stay inside so the list's shortcuts never act behind it, and on closing focus goes back to
 * where it was. Bind `onKeydown` to the dialog's keydown.
 */
export function useModalFocus(
  panel: Ref<HTMLElement | null>,
  options: ModalOptions
): { onKeydown(event: KeyboardEvent): void } {
  let returnTo: HTMLElement | null = null

  onMounted(() => {
    const active = document.activeElement
    returnTo = active instanceof HTMLElement ? active : null
    void nextTick(() => {
      const root = panel.value
      if (!root) return
      ;(options.initial?.() ?? tabbable(root)[0] ?? root).focus()
    })
  })

  onBeforeUnmount(() => {
    if (returnTo?.isConnected) returnTo.focus()
  })

  function trapFocus(event: KeyboardEvent): void {
    const root = panel.value
    if (event.key !== 'Tab' || !root) return
    const items = tabbable(root)
    const first = items[0]
    const last = items.at(-1)
    if (!first || !last) {
      event.preventDefault()
      return
    }
    const active = document.activeElement
    const outside = !(active instanceof HTMLElement) || !root.contains(active)
    if (event.shiftKey && (active === first || active === root || outside)) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && (active === last || outside)) {
      event.preventDefault()
      first.focus()
    }
  }

  return {
    onKeydown(event) {
      if (event.key === 'Escape') {
        event.preventDefault()
        event.stopPropagation()
        options.close()
        return
      }
      const command = event.altKey || event.ctrlKey || event.metaKey
      if (!options.passCommandKeys || !command || event.key === 'Enter') event.stopPropagation()
      trapFocus(event)
    }
  }
}
