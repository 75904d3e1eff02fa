import { describe, expect, it } from 'vitest'
import {
  acceleratorFromKeyPress,
  acceleratorProblem,
  DEFAULT_QUICK_LOOKUP_SHORTCUT,
  describeAccelerator,
  quickLookupShortcutSchema
} from './accelerator'

describe('the quick lookup shortcut setting', () => {
  it.each([
    DEFAULT_QUICK_LOOKUP_SHORTCUT,
    'CmdOrCtrl+Alt+L',
    'Control+Shift+F12',
    'Super+Space',
    'Alt+Shift+9',
    'Ctrl++',
    'Command+Option+/'
  ])('takes %s', (accelerator) => {
    expect(acceleratorProblem(accelerator)).toBeNull()
    expect(quickLookupShortcutSchema.parse(accelerator)).toBe(accelerator)
  })

  it.each([
    ['a bare key', 'Space', 'needs Ctrl'],
    ['Shift and a key', 'Shift+A', 'needs Ctrl'],
    ['no key', 'Ctrl+Shift', 'does not end with a key'],
    ['an empty text', '', 'does not end with a key'],
    ['a lower-case letter', 'Ctrl+a', 'does not end with a key'],
    ['an unknown modifier', 'Hyper+A', 'not a modifier'],
    ['a modifier twice', 'Ctrl+Ctrl+A', 'repeats'],
    ['two keys', 'Ctrl+A+B', 'not a modifier'],
    ['an unknown key name', 'Ctrl+Mouse1', 'does not end with a key'],
    ['a long text', `${'Ctrl+'.repeat(30)}A`, 'too long']
  ])('refuses %s', (_name, accelerator, problem) => {
    expect(acceleratorProblem(accelerator)).toContain(problem)
    const parsed = quickLookupShortcutSchema.safeParse(accelerator)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toMatch(/^The shortcut .+\.$/)
  })

  it('takes null: no shortcut at all', () => {
    expect(quickLookupShortcutSchema.parse(null)).toBeNull()
  })
})

describe('recording a shortcut from a key press', () => {
  const press = (code: string, keys: Partial<Record<'ctrl' | 'alt' | 'shift' | 'meta', true>>) => ({
    key: '',
    code,
    ctrlKey: keys.ctrl ?? false,
    altKey: keys.alt ?? false,
    shiftKey: keys.shift ?? false,
    metaKey: keys.meta ?? false
  })

  it('names the keys as Electron does, Ctrl as CommandOrControl off macOS and Cmd on it', () => {
    expect(acceleratorFromKeyPress(press('Space', { ctrl: true, shift: true }), false)).toBe(
      DEFAULT_QUICK_LOOKUP_SHORTCUT
    )
    expect(acceleratorFromKeyPress(press('Space', { meta: true, shift: true }), true)).toBe(
      DEFAULT_QUICK_LOOKUP_SHORTCUT
    )
    expect(acceleratorFromKeyPress(press('KeyL', { ctrl: true, alt: true }), true)).toBe(
      'Control+Alt+L'
    )
    expect(acceleratorFromKeyPress(press('Digit7', { meta: true }), false)).toBe('Super+7')
    expect(acceleratorFromKeyPress(press('F5', { alt: true }), false)).toBe('Alt+F5')
  })

  it('waits for a key while only modifiers are held', () => {
    expect(acceleratorFromKeyPress(press('ShiftLeft', { shift: true }), false)).toBeNull()
    expect(acceleratorFromKeyPress(press('ControlLeft', { ctrl: true }), false)).toBeNull()
  })

  it('describes a shortcut in each system’s words', () => {
    expect(describeAccelerator(DEFAULT_QUICK_LOOKUP_SHORTCUT, false)).toBe('Ctrl+Shift+Space')
    expect(describeAccelerator(DEFAULT_QUICK_LOOKUP_SHORTCUT, true)).toBe('Cmd+Shift+Space')
    expect(describeAccelerator('Alt+L', true)).toBe('Option+L')
  })
})
