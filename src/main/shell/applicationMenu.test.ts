import { describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'

const electron = vi.hoisted(() => {
  class BrowserWindow {
    webContents = { sendInputEvent: vi.fn() }
  }
  return {
    app: { isPackaged: true },
    BrowserWindow,
    Menu: {
      buildFromTemplate: vi.fn((template: unknown) => template),
      setApplicationMenu: vi.fn()
    }
  }
})
vi.mock('electron', () => electron)

import { installApplicationMenu } from './applicationMenu'

function installedTemplate(): MenuItemConstructorOptions[] {
  installApplicationMenu()
  return electron.Menu.setApplicationMenu.mock.lastCall?.[0] as MenuItemConstructorOptions[]
}

describe('installApplicationMenu', () => {
  it('has no reload item, so Ctrl+R reaches the window as Sync', () => {
    const roles = JSON.stringify(installedTemplate())
    expect(roles).not.toMatch(/reload/i)
  })

  it('has Help > Keyboard Shortcuts, showing F1 and pressing it for the window', () => {
    const help = installedTemplate().find((menu) => menu.role === 'help')
    const items = help?.submenu as MenuItemConstructorOptions[]
    const shortcuts = items.find((item) => item.label === 'Keyboard Shortcuts')
    expect(shortcuts?.accelerator).toBe('F1')
    // Not taken by the menu: F1 pressed in the window reaches the page, which opens the sheet.
    expect(shortcuts?.registerAccelerator).toBe(false)

    const window = new electron.BrowserWindow()
    const click = shortcuts?.click as (item: unknown, window: unknown, event: unknown) => void
    click({}, window, {})
    expect(window.webContents.sendInputEvent.mock.calls).toEqual([
      [{ type: 'keyDown', keyCode: 'F1' }],
      [{ type: 'keyUp', keyCode: 'F1' }]
    ])
    // No window focused (the menu on macOS with every window closed): nothing to press.
    expect(() => click({}, undefined, {})).not.toThrow()
  })
})
