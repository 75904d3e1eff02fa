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

  if (!app.isPackaged && options.devServerUrl) void window.loadURL(options.devServerUrl)
  else void window.loadURL(`${APP_ORIGIN_URL}index.html`)
  return window
}
