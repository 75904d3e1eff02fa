import { join } from 'node:path'
import { app, BrowserWindow, screen } from 'electron'
import type { WindowBounds } from '../core/settings/settingsFile'
import { APP_ORIGIN_URL } from './isTrustedSender'
import { isOnSomeDisplay } from './visibleBounds'

export interface MainWindowOptions {
  savedBounds: WindowBounds | null
  onBoundsChanged: (bounds: WindowBounds) => void
  devServerUrl: string | null
}

const DEFAULT_SIZE = { width: 1200, height: 800 }

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = options.savedBounds
  const workAreas = screen.getAllDisplays().map((display) => display.workArea)
  const bounds = saved && isOnSomeDisplay(saved, workAreas) ? saved : DEFAULT_SIZE
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Conversation Browser',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false
    }
  })
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
