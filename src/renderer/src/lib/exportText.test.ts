import { describe, expect, it } from 'vitest'
import { idleExport } from '../test/fakeApi'
import { exportEndText, exportFraction, exportProgressText } from './exportText'

describe('export text', () => {
  it('says where a running export stands', () => {
    const running = idleExport({ phase: 'running', format: 'csv', step: 'counting', done: 1500 })
    expect(exportProgressText(running)).toBe('Reading the columns: 1,500 conversations…')
    expect(exportFraction(running)).toBeNull()
    const writing = { ...running, step: 'writing' as const, done: 1200, total: 4800 }
    expect(exportProgressText(writing)).toBe('Writing 1,200 of 4,800 conversations…')
    expect(exportFraction(writing)).toBe(0.25)
    expect(exportProgressText({ ...writing, phase: 'cancelling' })).toBe('Cancelling…')
    expect(exportEndText(writing)).toBeNull()
  })

  it('says how it ended', () => {
    const done = idleExport({ phase: 'done', done: 1, total: 1, path: '/home/a/c.csv' })
    expect(exportEndText(done)).toBe('Saved 1 conversation to /home/a/c.csv.')
    expect(exportEndText({ ...done, done: 2_000, transcriptsDir: '/home/a/c-transcripts' })).toBe(
      'Saved 2,000 conversations to /home/a/c.csv, transcripts in /home/a/c-transcripts.'
    )
    expect(exportEndText(idleExport({ phase: 'cancelled' }))).toBe(
      'Export cancelled: nothing was saved.'
    )
    const error = { code: 'file' as const, message: 'The export could not be saved.' }
    expect(exportEndText(idleExport({ phase: 'failed', error }))).toBe(error.message)
  })
})
