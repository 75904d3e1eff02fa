/** The parts of Electron's IpcMainInvokeEvent the check reads, so it can be tested without Electron. */
export interface SenderEvent {
  sender: unknown
  senderFrame: { url: string } | null
}

export const APP_SCHEME = 'app'
export const APP_HOST = 'renderer'
export const APP_ORIGIN_URL = `${APP_SCHEME}://${APP_HOST}/`

/**
 * True only for a call from the app's own window showing the app's own page: app://renderer,
 * or the dev server while developing. Anything else (another window, a navigated frame) is refused.
 */
export function isTrustedSender(
  event: SenderEvent,
  window: { webContents: unknown } | null,
  devServerUrl: string | null
): boolean {
  if (!window || event.sender !== window.webContents || !event.senderFrame) return false
  let url: URL
  try {
    url = new URL(event.senderFrame.url)
  } catch {
    return false
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true
  if (!devServerUrl) return false
  return url.origin === new URL(devServerUrl).origin
}
