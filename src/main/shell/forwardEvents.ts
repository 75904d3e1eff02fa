import type { BrowserWindow } from 'electron'
import type { EventSink } from '../core/ipc/eventSink'
import { EVENT_CHANNELS } from '../../shared/ipc/contract'

type Window = Pick<BrowserWindow, 'isDestroyed'> & {
  webContents: Pick<BrowserWindow['webContents'], 'send'>
}

/** Sends every event on its contract channel to the app's window, while it is open. */
export function forwardEvents(window: () => Window | null): EventSink {
  return (event, payload) => {
    const target = window()
    if (!target || target.isDestroyed()) return
    target.webContents.send(EVENT_CHANNELS[event], payload)
  }
}
