import { describe, expect, it } from 'vitest'
import {
  EVENT_CHANNELS,
  type BackfillStatus,
  type TranscriptFetch
} from '../../shared/ipc/contract'
import { forwardEvents } from './forwardEvents'

const BACKFILL: BackfillStatus = {
  phase: 'running',
  done: 1,
  total: 2,
  remainingMs: 1000,
  requestsPerMinute: 60,
  lastError: null
}
const FETCH: TranscriptFetch = { id: 'c1', phase: 'done', error: null }

function fakeWindow(): {
  sent: [string, unknown][]
  destroyed: boolean
  isDestroyed: () => boolean
  webContents: { send: (channel: string, payload: unknown) => void }
} {
  const window = {
    sent: [] as [string, unknown][],
    destroyed: false,
    isDestroyed: () => window.destroyed,
    webContents: {
      send: (channel: string, payload: unknown) => window.sent.push([channel, payload])
    }
  }
  return window
}

describe('forwardEvents', () => {
  it('sends each event on its own channel', () => {
    const window = fakeWindow()
    const emit = forwardEvents(() => window)
    emit('backfillStatus', BACKFILL)
    emit('transcriptFetch', FETCH)
    expect(window.sent).toEqual([
      [EVENT_CHANNELS.backfillStatus, BACKFILL],
      [EVENT_CHANNELS.transcriptFetch, FETCH]
    ])
  })

  it('drops events while there is no window, or it is closing', () => {
    const window = fakeWindow()
    let open: typeof window | null = null
    const emit = forwardEvents(() => open)
    emit('transcriptFetch', FETCH)
    open = window
    window.destroyed = true
    emit('transcriptFetch', FETCH)
    expect(window.sent).toEqual([])
  })
})
