import { app, Menu, type MenuItemConstructorOptions } from 'electron'

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
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
