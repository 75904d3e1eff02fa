import { resolve } from 'node:path'
import { app } from 'electron'
import { DEEP_LINK_SCHEME } from '../../shared/deepLink'

/**
 * Makes this app the handler of conversation-browser:// links. Installers register the scheme
 * too (electron-builder.yml `protocols`); this covers a copy run without one, and `npm run dev`,
 * where the link must reach Electron with the app's path as its argument.
 */
export function registerDeepLinkScheme(): void {
  const ok =
    process.defaultApp && process.argv[1]
      ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [
          resolve(process.argv[1])
        ])
      : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)
  if (!ok)
    console.warn(`The system did not make this app the handler of ${DEEP_LINK_SCHEME}:// links.`)
}
