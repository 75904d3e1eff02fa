import { ipcMain, type BrowserWindow } from 'electron'
import type { IpcHandlers } from '../core/ipc/createIpcHandlers'
import { INVOKE_CHANNELS, type InvokeMethod, type IpcResult } from '../../shared/ipc/contract'
import { isTrustedSender } from './isTrustedSender'

const FORBIDDEN: IpcResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This request did not come from the app’s own window.' }
}

/** One ipcMain handler per contract channel, each refusing callers other than the app's window. */
export function registerIpc(
  handlers: IpcHandlers,
  mainWindow: () => BrowserWindow | null,
  devServerUrl: string | null
): void {
  for (const [method, channel] of Object.entries(INVOKE_CHANNELS) as [InvokeMethod, string][]) {
    const handler: (input: unknown) => Promise<IpcResult<unknown>> = handlers[method]
    ipcMain.handle(channel, (event, input: unknown) =>
      isTrustedSender(event, mainWindow(), devServerUrl) ? handler(input) : FORBIDDEN
    )
  }
}
