import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { idleExport, installFakeApi } from '../test/fakeApi'
import { useExportStore } from './export'

beforeEach(() => setActivePinia(createPinia()))

describe('export store', () => {
  it('sends the list’s filters for the current results, none for everything', async () => {
    const { api } = installFakeApi()
    const exporting = useExportStore()
    await exporting.start({ type: 'whatsapp', phone: '555' })
    expect(api.startExport).toHaveBeenLastCalledWith({
      query: { type: 'whatsapp', phone: '555' },
      format: 'csv',
      transcripts: false
    })
    expect(exporting.running).toBe(true)
    exporting.choice = { scope: 'all', format: 'jsonl', transcripts: true }
    await exporting.start({ type: 'whatsapp' })
    expect(api.startExport).toHaveBeenLastCalledWith({
      query: {},
      format: 'jsonl',
      transcripts: true
    })
  })

  it('follows the export’s events, and keeps one that came before the answer', async () => {
    const { emitExportStatus } = installFakeApi({
      // A small export that is over before its answer reaches the window.
      startExport: async () => {
        emitExportStatus(idleExport({ phase: 'running', format: 'csv' }))
        emitExportStatus(idleExport({ phase: 'done', format: 'csv', done: 3, total: 3 }))
        return { ok: true, value: idleExport({ phase: 'running', format: 'csv' }) }
      }
    })
    const exporting = useExportStore()
    exporting.follow()
    await exporting.start({})
    expect(exporting.status.phase).toBe('done')
    expect(exporting.running).toBe(false)
    emitExportStatus(idleExport({ phase: 'running', step: 'writing', done: 5, total: 10 }))
    expect(exporting.status.done).toBe(5)
    exporting.stopFollowing()
    emitExportStatus(idleExport({ phase: 'cancelled' }))
    expect(exporting.status.phase).toBe('running')
  })

  it('keeps the reason an export could not start', async () => {
    installFakeApi({
      startExport: async () => ({
        ok: false,
        error: { code: 'file', message: 'Saving files is not possible here.' }
      })
    })
    const exporting = useExportStore()
    await expect(exporting.start({})).rejects.toThrow('Saving files is not possible here.')
    expect(exporting.error?.message).toBe('Saving files is not possible here.')
  })
})
