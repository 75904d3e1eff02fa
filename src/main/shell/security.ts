import { app, session, shell, type WebContents } from 'electron'
import { isAllowedExternalUrl } from '../core/externalLinks'

/** Opens links to the hosts the app links to in the browser; anything else is dropped. */
function openExternally(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url)
}

/**
 * The security checklist's app-wide parts: no permission is ever granted, no page navigates
 * or opens windows, and no <webview> is attached, in every web contents the app creates.
 */
export function applyAppSecurity(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false)
  )
  session.defaultSession.setPermissionCheckHandler(() => false)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
}

function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-frame-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
}
