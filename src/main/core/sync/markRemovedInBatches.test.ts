import { describe, expect, it } from 'vitest'
import type { Archive, RemovedBatch } from '../archive/archive'
import { markRemovedInBatches } from './syncArchive'

const COMPLETION = {
  mode: 'full' as const,
  startedAt: '2025-02-02T00:00:00.000Z',
  finishedAt: '2025-02-02T00:05:00.000Z',
  complete: true
}

describe('markRemovedInBatches', () => {
  it('checks the archive in ranges, letting the event loop run between them', async () => {
    const answers: RemovedBatch[] = [
      { marked: 2, nextAfterRowid: 5_000 },
      { marked: 0, nextAfterRowid: 10_000 },
      { marked: 5, nextAfterRowid: null }
    ]
    const calls: { after: number; turns: number }[] = []
    let turns = 0
    let running = true
    const turn = (): void => {
      turns++
      if (running) setImmediate(turn)
    }
    setImmediate(turn)
    const archive = {
      markRemovedBatch: (_completion: unknown, after: number) => {
        calls.push({ after, turns })
        return answers[calls.length - 1]
      }
    } as unknown as Archive

    const result = await markRemovedInBatches(archive, COMPLETION)
    running = false

    expect(result).toEqual({ removed: 7, markedUpTo: 15_000 })
    expect(calls.map((call) => call.after)).toEqual([0, 5_000, 10_000])
    // Another task (a search) got a turn between every two batches.
    expect(calls[1].turns).toBeGreaterThan(calls[0].turns)
    expect(calls[2].turns).toBeGreaterThan(calls[1].turns)
  })
})
