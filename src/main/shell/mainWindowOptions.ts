import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'

/**
 * The main window's options as plain data, apart from the code that opens it, so a Node test can
 * hold them against Electron's security checklist without starting Electron
 * (tests/reliability/electronChecklist.test.ts).
 */

/** Every setting the checklist names, stated even where it is Electron's default. */
export const MAIN_WINDOW_WEB_PREFERENCES = {
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
  // A middle click on a link would ask for a new window: denied anyway (security.ts), but
  // better never asked (electronegativity's AUXCLICK_JS_CHECK).
  disableBlinkFeatures: 'Auxclick',
  spellcheck: false
} as const satisfies WebPreferences

export const MAIN_WINDOW_SIZE = { width: 1200, height: 800 }

export function mainWindowOptions(
  preload: string,
  bounds: { x?: number; y?: number; width: number; height: number }
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Conversation Browser',
    webPreferences: { preload, ...MAIN_WINDOW_WEB_PREFERENCES }
  }
}
