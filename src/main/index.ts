import { join } from 'node:path'
import { app, BrowserWindow, net, shell } from 'electron'
import { createIpcHandlers, type IpcHandlers } from './core/ipc/createIpcHandlers'
import { createKeytarSecretStore } from './core/secrets/keytarSecretStore'
import { handleAppProtocol, registerAppScheme } from './shell/appProtocol'
import { installApplicationMenu } from './shell/applicationMenu'
import { createMainWindow } from './shell/createMainWindow'
import { DEMO_API_KEY, isDemoMode, startDemoApi } from './shell/demoMode'
import { forwardEvents } from './shell/forwardEvents'
import { registerIpc } from './shell/registerIpc'
import { chooseSavePath } from './shell/saveDialog'
import { applyAppSecurity } from './shell/security'
import { showSyncProgress } from './shell/taskbarProgress'
import readerWorkerPath from './core/reader/readerWorker?modulePath'
import writerWorkerPath from './core/sync/writerWorker?modulePath'
import exportWorkerPath from './core/export/exportWorker?modulePath'

const demo = isDemoMode()
// The demo never touches the real account's settings, archive or keychain entry.
if (demo) app.setPath('userData', join(app.getPath('appData'), 'Conversation Browser Demo'))

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme()
  void app.whenReady().then(start)
}

let mainWindow: BrowserWindow | null = null

/** Chromium's network stack, so the system's proxy and certificates apply; it takes no URL objects. */
const electronFetch: typeof fetch = (input, init) =>
  net.fetch(input instanceof URL ? input.href : input, init)

async function start(): Promise<void> {
  const devServerUrl = app.isPackaged ? null : (process.env['ELECTRON_RENDERER_URL'] ?? null)
  applyAppSecurity()
  installApplicationMenu()
  handleAppProtocol(join(__dirname, '../renderer'))

  const demoApi = demo ? await startDemoApi() : null
  const userDataDir = app.getPath('userData')
  const forward = forwardEvents(() => mainWindow)
  const handlers: IpcHandlers = createIpcHandlers({
    userDataDir,
    secretStore: createKeytarSecretStore(),
    fetch: electronFetch,
    writerEntry: writerWorkerPath,
    readerEntry: readerWorkerPath,
    exportEntry: exportWorkerPath,
    archivePathFor: demoApi ? () => join(userDataDir, 'demo.sqlite3') : undefined,
    defaultBaseUrl: demoApi?.url,
    revealPath: (path) => shell.showItemInFolder(path),
    demo,
    appVersion: app.getVersion(),
    chooseSavePath: (defaultName) => chooseSavePath(mainWindow, defaultName),
    emit: (...event) => {
      forward(...event)
      const [name, payload] = event
      if (name === 'syncStatus' && mainWindow) showSyncProgress(mainWindow, payload)
    }
  })
  registerIpc(handlers, () => mainWindow, devServerUrl)

  const openWindow = (): void => {
    mainWindow = createMainWindow({
      savedBounds: handlers.readStoredSettings().windowBounds,
      onBoundsChanged: (bounds) => handlers.saveWindowBounds(bounds),
      devServerUrl
    })
    mainWindow.on('closed', () => (mainWindow = null))
  }
  openWindow()

  app.on('second-instance', () => {
    if (!mainWindow) return openWindow()
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    void handlers.dispose()
    void demoApi?.close()
  })

  if (demoApi) {
    await handlers.saveApiKey({ apiKey: DEMO_API_KEY, baseUrl: demoApi.url, sessionOnly: true })
  } else {
    await handlers.syncAtLaunch()
  }
}
