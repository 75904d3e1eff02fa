/**
 * Runs in the page the harness serves, before the renderer's module script: defines
 * `window.api` over HTTP (calls) and Server-Sent Events (events), built by the same buildApi
 * as the preload, so the renderer cannot tell the difference.
 */
import { buildApi, type IpcTransport } from '../../src/shared/ipc/buildApi'
import {
  EVENTS_PATH,
  IPC_PREFIX,
  TOKEN_HEADER,
  TOKEN_META_NAME,
  TOKEN_PARAMETER
} from './harnessProtocol'

// Read from the page, never part of this script: any site could include a script and read it.
const token =
  document.querySelector(`meta[name="${TOKEN_META_NAME}"]`)?.getAttribute('content') ?? ''

const listeners = new Map<string, Set<(payload: unknown) => void>>()
let events: EventSource | null = null

function ensureEvents(): void {
  if (events) return
  events = new EventSource(`${EVENTS_PATH}?${TOKEN_PARAMETER}=${encodeURIComponent(token)}`)
  events.onmessage = (message: MessageEvent<string>) => {
    const { channel, payload } = JSON.parse(message.data) as { channel: string; payload: unknown }
    for (const listener of listeners.get(channel) ?? []) listener(payload)
  }
}

const transport: IpcTransport = {
  async invoke(channel, input) {
    const response = await fetch(`${IPC_PREFIX}${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify({ input: input ?? null })
    })
    return response.json()
  },
  subscribe(channel, listener) {
    ensureEvents()
    const set = listeners.get(channel) ?? new Set()
    set.add(listener)
    listeners.set(channel, set)
    return () => set.delete(listener)
  }
}

Object.defineProperty(window, 'api', { value: Object.freeze(buildApi(transport)) })
