import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  type Api,
  type EventContract,
  type EventName
} from './contract'

/** How calls travel: Electron's IPC in the preload, HTTP in the browser harness. */
export interface IpcTransport {
  invoke(channel: string, input: unknown): Promise<unknown>
  subscribe(channel: string, listener: (payload: unknown) => void): () => void
}

function eventMethodName(event: EventName): `on${Capitalize<EventName>}` {
  return `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as `on${Capitalize<EventName>}`
}

/**
 * Builds `window.api` from the contract's tables, so the exposed surface is exactly the
 * contract: no generic `invoke(channel)` ever reaches the page.
 */
export function buildApi(transport: IpcTransport): Api {
  const api: Record<string, unknown> = {}
  for (const [method, channel] of Object.entries(INVOKE_CHANNELS)) {
    api[method] = (input?: unknown) => transport.invoke(channel, input)
  }
  for (const [event, channel] of Object.entries(EVENT_CHANNELS) as [EventName, string][]) {
    api[eventMethodName(event)] = (listener: (payload: EventContract[EventName]) => void) =>
      transport.subscribe(channel, (payload) => listener(payload as EventContract[EventName]))
  }
  return api as Api
}
