import { join } from 'node:path'
import { app, BrowserWindow, clipboard, globalShortcut, net, shell } from 'electron'
import { addressOfLink, clipboardCustomerAddress, deepLinkInArguments } from '../shared/deepLink'
import type { SyncStatus } from '../shared/ipc/contract'
import { phoneOnClipboard } from '../shared/phoneInText'
import { createIpcHandlers, type IpcHandlers } from './core/ipc/createIpcHandlers'
import type { StoredSettings } from './core/settings/settingsFile'
import { trayMenuModel, type TrayAction } from './core/tray/trayMenuModel'
import { createKeytarSecretStore } from './core/secrets/keytarSecretStore'
import { handleAppProtocol, registerAppScheme } from './shell/appProtocol'
import { installApplicationMenu } from './shell/applicationMenu'
import { createAppTray, type AppTray } from './shell/appTray'
import { bringToFront, createMainWindow } from './shell/createMainWindow'
import { registerDeepLinkScheme } from './shell/deepLinks'
import { DEMO_API_KEY, isDemoMode, startDemoApi } from './shell/demoMode'
import { forwardEvents } from './shell/forwardEvents'
import { createQuickLookupShortcut } from './shell/quickLookupShortcut'
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

let mainWindow: BrowserWindow | null = null
// A link that started the app, until the window opens at it; then where later links go.
let startAddress: string | null = null
let showAddress: ((address: string) => void) | null = null

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme()
  // Windows and Linux start the app with the link as an argument.
  const link = deepLinkInArguments(process.argv)
  if (link) startAddress = addressOfLink(link)
  // macOS hands every link here, the one that started the app before it is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    const address = addressOfLink(url)
    if (address && showAddress) showAddress(address)
    else if (address) startAddress = address
  })
  void app.whenReady().then(start)
}

/** Chromium's network stack, so the system's proxy and certificates apply; it takes no URL objects. */
const electronFetch: typeof fetch = (input, init) =>
  net.fetch(input instanceof URL ? input.href : input, init)

async function start(): Promise<void> {
  const devServerUrl = app.isPackaged ? null : (process.env['ELECTRON_RENDERER_URL'] ?? null)
  applyAppSecurity()
  installApplicationMenu()
  handleAppProtocol(join(__dirname, '../renderer'))

  registerDeepLinkScheme()

  const demoApi = demo ? await startDemoApi() : null
  const userDataDir = app.getPath('userData')
  const forward = forwardEvents(() => mainWindow)
  const shortcut = createQuickLookupShortcut(() => void quickLookup())
  let tray: AppTray | null = null
  let lastSync: SyncStatus | null = null
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
      if (name !== 'syncStatus') return
      lastSync = payload
      if (mainWindow) showSyncProgress(mainWindow, payload)
      showTrayMenu()
    },
    shell: { settingsChanged: applyShellSettings, shortcutRegistered: () => shortcut.registered() }
  })
  registerIpc(handlers, () => mainWindow, devServerUrl)

  function openWindow(address: string | null = null): BrowserWindow {
    const window = createMainWindow({
      savedBounds: handlers.readStoredSettings().windowBounds,
      onBoundsChanged: (bounds) => handlers.saveWindowBounds(bounds),
      devServerUrl,
      address
    })
    window.on('closed', () => (mainWindow = null))
    mainWindow = window
    return window
  }

  /** A link's address: a new window opens at it, an open one is brought forward and told. */
  function showAt(address: string | null): void {
    if (!mainWindow) {
      openWindow(address)
      return
    }
    bringToFront(mainWindow)
    if (address) forward('navigate', { address })
  }

  /** The shortcut: the clipboard is read once, here, and only the number found goes on. */
  async function quickLookup(): Promise<void> {
    const { defaultCountry } = handlers.readStoredSettings()
    // An empty or unreadable clipboard is a lookup without a number.
    const text = await clipboard.readText().catch(() => '')
    const clipboardPhone = phoneOnClipboard(text, defaultCountry, app.getSystemLocale())
    if (!mainWindow && clipboardPhone) {
      openWindow(clipboardCustomerAddress(clipboardPhone.e164))
    } else if (!mainWindow) {
      // A new window is told once it has loaded, so that its search field comes forward too.
      const opened = openWindow()
      opened.webContents.once('did-finish-load', () => forward('quickLookup', { clipboardPhone }))
    } else {
      bringToFront(mainWindow)
      forward('quickLookup', { clipboardPhone })
    }
  }

  function onTrayAction(action: TrayAction): void {
    if (action === 'open') showAt(null)
    else if (action === 'sync') void handlers.startSync({ mode: 'quick' })
    else app.quit()
  }

  function showTrayMenu(): void {
    if (tray && lastSync) tray.show(trayMenuModel(lastSync, new Date()))
  }

  function applyShellSettings(settings: StoredSettings): void {
    shortcut.use(settings.quickLookupShortcut)
    if (settings.keepInTray && !tray) {
      tray = createAppTray(onTrayAction)
      showTrayMenu()
    } else if (!settings.keepInTray && tray) {
      tray.destroy()
      tray = null
    }
  }

  applyShellSettings(handlers.readStoredSettings())
  const state = await handlers.getAppState(undefined)
  if (state.ok) lastSync ??= state.value.sync
  showTrayMenu()
  // "5 minutes ago" ages: the menu is made again each minute while the tray is shown.
  setInterval(showTrayMenu, 60_000).unref()

  openWindow(startAddress)
  showAddress = showAt

  app.on('second-instance', (_event, argv) => {
    const link = deepLinkInArguments(argv)
    // A refused link goes nowhere; the app started again without one comes forward.
    const address = link ? addressOfLink(link) : null
    if (link && !address) return
    showAt(address)
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('window-all-closed', () => {
    // In the tray the app keeps running: the shortcut and the scheduled refresh still work.
    if (process.platform !== 'darwin' && !handlers.readStoredSettings().keepInTray) app.quit()
  })
  app.on('will-quit', () => {
    globalShortcut.unregisterAll()
    tray?.destroy()
    void handlers.dispose()
    void demoApi?.close()
  })

  if (demoApi) {
    await handlers.saveApiKey({ apiKey: DEMO_API_KEY, baseUrl: demoApi.url, sessionOnly: true })
  } else {
    await handlers.syncAtLaunch()
  }
}
