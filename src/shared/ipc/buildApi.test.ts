import { describe, expect, it } from 'vitest'
import { buildApi, type IpcTransport } from './buildApi'
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './contract'

function recordingTransport(): IpcTransport & {
  calls: [string, unknown][]
  emit(channel: string, payload: unknown): void
} {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: [string, unknown][] = []
  return {
    calls,
    invoke: async (channel, input) => {
      calls.push([channel, input])
      return { ok: true, value: channel }
    },
    subscribe: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
      return () => set.delete(listener)
    },
    emit: (channel, payload) => listeners.get(channel)?.forEach((listener) => listener(payload))
  }
}

describe('buildApi', () => {
  it('exposes one method per invoke channel and one subscriber per event, nothing else', () => {
    const api = buildApi(recordingTransport())
    const expected = [
      ...Object.keys(INVOKE_CHANNELS),
      ...Object.keys(EVENT_CHANNELS).map((e) => `on${e[0]?.toUpperCase()}${e.slice(1)}`)
    ]
    expect(Object.keys(api).sort()).toEqual(expected.sort())
  })

  it('sends each call on its own channel with its input', async () => {
    const transport = recordingTransport()
    const api = buildApi(transport)
    await api.search({ phone: '555' })
    await api.getAppState()
    expect(transport.calls).toEqual([
      ['archive:search', { phone: '555' }],
      ['app:get-state', undefined]
    ])
  })

  it('delivers events until the listener unsubscribes', () => {
    const transport = recordingTransport()
    const api = buildApi(transport)
    const seen: unknown[] = []
    const unsubscribe = api.onSyncStatus((status) => seen.push(status.phase))
    transport.emit(EVENT_CHANNELS.syncStatus, { phase: 'running' })
    unsubscribe()
    transport.emit(EVENT_CHANNELS.syncStatus, { phase: 'idle' })
    expect(seen).toEqual(['running'])
  })
})
