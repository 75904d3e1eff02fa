import { globalShortcut } from 'electron'

export interface QuickLookupShortcut {
  /** Registers this accelerator in place of the last one; null removes it. */
  use(accelerator: string | null): void
  /** Whether the system accepted the last one asked for. */
  registered(): boolean
}

/**
 * The quick lookup's global shortcut. The system refuses one another program holds:
 * `register` answers false (or throws, for text it cannot read), and Settings says so.
 */
export function createQuickLookupShortcut(onPress: () => void): QuickLookupShortcut {
  let current: string | null = null
  let registered = false
  return {
    use(accelerator) {
      if (accelerator === current && registered) return
      if (current && registered) globalShortcut.unregister(current)
      current = accelerator
      registered = false
      if (accelerator === null) return
      try {
        registered = globalShortcut.register(accelerator, onPress)
      } catch (error) {
        console.warn('The quick lookup shortcut could not be registered:', error)
      }
    },
    registered: () => registered
  }
}
