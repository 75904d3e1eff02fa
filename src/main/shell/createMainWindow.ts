import { join } from 'node:path'
import { app, BrowserWindow, screen } from 'electron'
import type { WindowBounds } from '../core/settings/settingsFile'
import { APP_ORIGIN_URL } from './isTrustedSender'
import { MAIN_WINDOW_SIZE, mainWindowOptions } from './mainWindowOptions'
import { isOnSomeDisplay } from './visibleBounds'

export interface MainWindowOptions {
  savedBounds: WindowBounds | null
  onBoundsChanged: (bounds: WindowBounds) => void
  devServerUrl: string | null
  /** The view to open at (the part after `#`), as a link or the quick lookup named it. */
  address?: string | null
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = options.savedBounds
  const workAreas = screen.getAllDisplays().map((display) => display.workArea)
  const bounds = saved && isOnSomeDisplay(saved, workAreas) ? saved : MAIN_WINDOW_SIZE
  const window = new BrowserWindow(
    mainWindowOptions(join(__dirname, '../preload/index.js'), bounds)
  )
  if (saved?.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())

  const remember = (): void => {
    const { x, y, width, height } = window.getNormalBounds()
    options.onBoundsChanged({ x, y, width, height, maximized: window.isMaximized() })
  }
  window.on('close', remember)

  const hash = options.address ? `#${options.address}` : ''
  if (!app.isPackaged && options.devServerUrl) void window.loadURL(`${options.devServerUrl}${hash}`)
  else void window.loadURL(`${APP_ORIGIN_URL}index.html${hash}`)
  return window
}

/** Brings the window in front of every other program's, as a link or the shortcut asks. */
export function bringToFront(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore()
  window.show()
  // macOS does not let a background app take the focus without asking for it.
  if (process.platform === 'darwin') app.focus({ steal: true })
  window.focus()
}
