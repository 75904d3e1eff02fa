import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { opensShortcutSheet } from '../composables/useShortcutSheet'
import ShortcutsDialog from './ShortcutsDialog.vue'

function keydown(key: string, target: HTMLElement, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, ...init })
  Object.defineProperty(event, 'target', { value: target })
  return event
}

describe('opensShortcutSheet', () => {
  it('opens on F1 anywhere and on ? except where it is typed', () => {
    const list = document.createElement('div')
    const field = document.createElement('input')
    expect(opensShortcutSheet(keydown('F1', list))).toBe(true)
    expect(opensShortcutSheet(keydown('F1', field))).toBe(true)
    expect(opensShortcutSheet(keydown('?', list))).toBe(true)
    expect(opensShortcutSheet(keydown('?', field))).toBe(false)
    expect(opensShortcutSheet(keydown('?', list, { ctrlKey: true }))).toBe(false)
    expect(opensShortcutSheet(keydown('/', list))).toBe(false)
  })
})

describe('ShortcutsDialog', () => {
  it('lists the shortcuts as a modal dialog that Esc closes, keeping its keys from the window', async () => {
    const wrapper = mount(ShortcutsDialog, { attachTo: document.body })
    const dialog = wrapper.get('[role="dialog"]')
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(dialog.attributes('aria-labelledby')).toBe('shortcuts-title')
    const text = dialog.text()
    const keys = [
      'Ctrl+K',
      'Ctrl+R',
      'Ctrl+Enter',
      'Ctrl+1 … Ctrl+9',
      'Alt+Left',
      'PageDown',
      'F1',
      'Esc'
    ]
    for (const key of keys) {
      expect(text).toContain(key)
    }
    const reachedWindow = vi.fn()
    window.addEventListener('keydown', reachedWindow)
    try {
      await dialog.trigger('keydown', { key: 'ArrowDown' })
      await dialog.trigger('keydown', { key: 'Escape' })
      expect(reachedWindow).not.toHaveBeenCalled()
      expect(wrapper.emitted('close')).toHaveLength(1)
    } finally {
      window.removeEventListener('keydown', reachedWindow)
      wrapper.unmount()
    }
  })
})
