import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { IpcResult } from '@shared/ipc/contract'
import type { Insights } from '../../../shared/model/insights'
import { installFakeApi, ok } from '../test/fakeApi'
import { insightsFixture } from '../test/insights'
import { useDashboardStore } from './dashboard'

beforeEach(() => setActivePinia(createPinia()))

describe('dashboard store', () => {
  it('asks for the figures of the question and keeps them with the question they answer', async () => {
    const { api } = installFakeApi({ getInsights: vi.fn(() => ok(insightsFixture())) })
    const store = useDashboardStore()
    await store.load({ type: 'whatsapp', createdFrom: '2025-03-01' })
    expect(api.getInsights).toHaveBeenCalledWith({ type: 'whatsapp', createdFrom: '2025-03-01' })
    expect(store.insights?.total).toBe(6)
    expect(store.answeredKey).toBe(JSON.stringify({ type: 'whatsapp', createdFrom: '2025-03-01' }))
  })

  it('never draws an older answer over a newer question’s', async () => {
    let answerFirst: (result: IpcResult<Insights>) => void = () => undefined
    installFakeApi({
      getInsights: vi.fn((query) =>
        query.type === 'api'
          ? new Promise<IpcResult<Insights>>((resolve) => (answerFirst = resolve))
          : ok(insightsFixture({ total: 2 }))
      )
    })
    const store = useDashboardStore()
    const first = store.load({ type: 'api' })
    await store.load({ type: 'widget' })
    answerFirst({ ok: true, value: insightsFixture({ total: 99 }) })
    await first
    expect(store.insights?.total).toBe(2)
    expect(store.answeredKey).toBe(JSON.stringify({ type: 'widget' }))
  })

  it('says why it failed, and a later answer clears it', async () => {
    const getInsights = vi
      .fn()
      .mockReturnValueOnce(
        Promise.resolve({ ok: false, error: { code: 'archive', message: 'The archive is gone.' } })
      )
      .mockReturnValue(ok(insightsFixture()))
    installFakeApi({ getInsights })
    const store = useDashboardStore()
    await expect(store.load({})).rejects.toThrow('The archive is gone.')
    expect(store.error?.message).toBe('The archive is gone.')
    await store.load({ type: 'widget' })
    expect(store.error).toBeNull()
  })
})
