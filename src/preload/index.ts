import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildApi } from '../shared/ipc/buildApi'

// Only the contract's methods reach the page: never ipcRenderer itself or a generic invoke.
const api = buildApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe(channel, listener) {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  }
})

contextBridge.exposeInMainWorld('api', api)
