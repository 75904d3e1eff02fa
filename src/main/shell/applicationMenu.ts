import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron'

/**
 * A minimal menu with no reload item: the renderer uses Ctrl/Cmd+R to start a sync, and the
 * default menu's reload would swallow it (and reload the page mid-sync).
 */
export function installApplicationMenu(): void {
  const template: MenuItemConstructorOptions[] = []
  if (process.platform === 'darwin') template.push({ role: 'appMenu' })
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' }
    ]
  })
  if (!app.isPackaged) {
    template.push({ label: 'View', submenu: [{ role: 'toggleDevTools' }] })
  }
  if (process.platform === 'darwin') template.push({ role: 'windowMenu' })
  template.push({
    role: 'help',
    submenu: [
      {
        label: 'Keyboard Shortcuts',
        // Shown beside the item, but left to the page: F1 pressed in the window opens the sheet
        // there, and the menu item presses it for the window. No IPC channel for one key.
        accelerator: 'F1',
        registerAccelerator: false,
        click: (_item, window) => {
          if (!(window instanceof BrowserWindow)) return
          window.webContents.sendInputEvent({ type: 'keyDown', keyCode: 'F1' })
          window.webContents.sendInputEvent({ type: 'keyUp', keyCode: 'F1' })
        }
      }
    ]
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
