import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron'
import type { TrayAction, TrayMenu } from '../core/tray/trayMenuModel'
// Beside the code rather than in resources/, so the build copies it into out/ (what is packed).
import icon from './assets/trayIcon.png?asset'

export interface AppTray {
  show(menu: TrayMenu): void
  destroy(): void
}

/** The tray icon (the menu bar's on macOS) and its menu, made from the pure trayMenuModel. */
export function createAppTray(onAction: (action: TrayAction) => void): AppTray {
  const image = nativeImage.createFromPath(icon).resize({ width: 16, height: 16, quality: 'best' })
  const tray = new Tray(image)
  // Linux shows only the menu; elsewhere a click on the icon opens the window.
  tray.on('click', () => onAction('open'))
  return {
    show(menu) {
      const template: MenuItemConstructorOptions[] = menu.items.map((item) => {
        if (item.kind === 'separator') return { type: 'separator' }
        if (item.kind === 'status') return { label: item.label, enabled: false }
        return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) }
      })
      tray.setToolTip(menu.tooltip)
      tray.setContextMenu(Menu.buildFromTemplate(template))
    },
    destroy: () => tray.destroy()
  }
}
