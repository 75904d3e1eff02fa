import { z } from 'zod'

/**
 * The quick lookup's global shortcut, as Electron's accelerators spell it
 * ("CommandOrControl+Shift+Space"). It works in every other program too, so it must hold a
 * modifier besides Shift: a bare key, or Shift and a key, would swallow what people type.
 */

export const DEFAULT_QUICK_LOOKUP_SHORTCUT = 'CommandOrControl+Shift+Space'

const MODIFIERS = [
  'CommandOrControl',
  'CmdOrCtrl',
  'Command',
  'Cmd',
  'Control',
  'Ctrl',
  'Alt',
  'Option',
  'AltGr',
  'Super',
  'Meta',
  'Shift'
] as const

const NAMED_KEYS = [
  'Space',
  'Tab',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Esc',
  'Plus',
  'PrintScreen',
  ...Array.from({ length: 24 }, (_, index) => `F${index + 1}`),
  ...Array.from({ length: 10 }, (_, index) => `num${index}`)
]
const SINGLE_KEY = /^[A-Z0-9)!@#$%^&*(:;:+=<,_\-.>?/~`{\][|\\}"']$/

function isKey(part: string): boolean {
  return NAMED_KEYS.includes(part) || SINGLE_KEY.test(part)
}

function isModifier(part: string): part is (typeof MODIFIERS)[number] {
  return (MODIFIERS as readonly string[]).includes(part)
}

/** Why the accelerator cannot be a global shortcut, or null when it can. */
export function acceleratorProblem(accelerator: string): string | null {
  if (accelerator.length > 100) return 'is too long'
  const parts = accelerator.split('+')
  // "Ctrl++" names the plus key as an empty last part.
  const key = parts.at(-1) === '' && parts.at(-2) === '' ? '+' : (parts.at(-1) ?? '')
  const modifiers = key === '+' ? parts.slice(0, -2) : parts.slice(0, -1)
  if (!isKey(key)) return 'does not end with a key'
  if (!modifiers.every(isModifier)) return 'has a part that is not a modifier'
  if (new Set(modifiers).size !== modifiers.length) return 'repeats a modifier'
  if (!modifiers.some((modifier) => modifier !== 'Shift')) {
    return 'needs Ctrl, Alt, Cmd or Super: without one it would take the key from every program'
  }
  return null
}

/** The setting: an accelerator, or null for no shortcut. */
export const quickLookupShortcutSchema = z
  .string()
  .superRefine((value, context) => {
    const problem = acceleratorProblem(value)
    if (problem) context.addIssue({ code: 'custom', message: `The shortcut ${problem}.` })
  })
  .nullable()

interface KeyPress {
  key: string
  code: string
  ctrlKey: boolean
  altKey: boolean
  shiftKey: boolean
  metaKey: boolean
}

/** What a key press in the Settings' shortcut field records, or null for a lone modifier. */
export function acceleratorFromKeyPress(press: KeyPress, isMac: boolean): string | null {
  const key = keyName(press)
  if (key === null) return null
  const parts: string[] = []
  // On macOS Cmd is the command key and Ctrl a key of its own; elsewhere Ctrl is.
  if (isMac ? press.metaKey : press.ctrlKey) parts.push('CommandOrControl')
  if (isMac && press.ctrlKey) parts.push('Control')
  if (!isMac && press.metaKey) parts.push('Super')
  if (press.altKey) parts.push('Alt')
  if (press.shiftKey) parts.push('Shift')
  parts.push(key)
  return parts.join('+')
}

const CODE_KEYS: Record<string, string> = {
  Space: 'Space',
  Enter: 'Return',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  Escape: 'Escape'
}

/** The key by its place on the keyboard, so Shift or Alt changing the character does not matter. */
function keyName(press: KeyPress): string | null {
  const named = CODE_KEYS[press.code]
  if (named) return named
  const letter = /^Key([A-Z])$/.exec(press.code)
  if (letter) return letter[1] ?? null
  const digit = /^Digit(\d)$/.exec(press.code)
  if (digit) return digit[1] ?? null
  if (/^F([1-9]|1\d|2[0-4])$/.test(press.code)) return press.code
  return null
}

/** For people: "Ctrl+Shift+Space" on Windows and Linux, "Cmd+Shift+Space" on macOS. */
export function describeAccelerator(accelerator: string, isMac: boolean): string {
  return accelerator
    .split('+')
    .map((part) => {
      if (part === 'CommandOrControl' || part === 'CmdOrCtrl') return isMac ? 'Cmd' : 'Ctrl'
      if (part === 'Command') return 'Cmd'
      if (part === 'Control') return 'Ctrl'
      if (part === 'Alt' && isMac) return 'Option'
      return part
    })
    .join('+')
}
