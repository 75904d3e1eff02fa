import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { IpcResult } from '@shared/ipc/contract'
import type { CustomerLookup } from '../../../shared/model/customer'
import { customerOverview, installFakeApi, ok } from '../test/fakeApi'
import { useCustomerStore } from './customer'

beforeEach(() => setActivePinia(createPinia()))

describe('customer store', () => {
  it('loads a customer by the number as the route spells it', async () => {
    const { api } = installFakeApi()
    const store = useCustomerStore()
    await store.load('(415) 555-9876')
    expect(api.getCustomer).toHaveBeenCalledWith({ phone: '(415) 555-9876' })
    expect(store.overview?.name).toBe('John Doe')
    expect(store.phone).toBe('(415) 555-9876')
  })

  it('never shows an older answer over the newer customer', async () => {
    let answerFirst: (result: IpcResult<CustomerLookup>) => void = () => undefined
    installFakeApi({
      getCustomer: vi.fn(({ phone }) =>
        phone === 'first'
          ? new Promise<IpcResult<CustomerLookup>>((resolve) => (answerFirst = resolve))
          : ok(customerOverview({ phone, name: 'Second' }))
      )
    })
    const store = useCustomerStore()
    const first = store.load('first')
    await store.load('second')
    answerFirst({ ok: true, value: customerOverview({ phone: 'first', name: 'First' }) })
    await first
    expect(store.overview?.name).toBe('Second')
  })

  it('keeps the open transcripts when the same customer is loaded again, not for another', async () => {
    installFakeApi()
    const store = useCustomerStore()
    await store.load('+14155559876')
    store.toggle('c1')
    store.toggle('c2')
    store.toggle('c1')
    expect(store.expandedIds).toEqual(['c2'])
    await store.load('+14155559876')
    expect(store.isExpanded('c2')).toBe(true)
    await store.load('+442071838750')
    expect(store.expandedIds).toEqual([])
  })

  it('looks in every account when asked, and shows no overview of the other scope meanwhile', async () => {
    let answerAll: (result: IpcResult<CustomerLookup>) => void = () => undefined
    const { api } = installFakeApi({
      getCustomer: vi.fn(({ allAccounts }) =>
        allAccounts
          ? new Promise<IpcResult<CustomerLookup>>((resolve) => (answerAll = resolve))
          : ok(customerOverview())
      )
    })
    const store = useCustomerStore()
    await store.load('+14155559876')
    store.toggle('c2')
    const across = store.load('+14155559876', true)
    expect(api.getCustomer).toHaveBeenLastCalledWith({ phone: '+14155559876', allAccounts: true })
    // The current account's figures are not shown as if they counted every account.
    expect(store.overview).toBeNull()
    expect(store.allAccounts).toBe(true)
    answerAll({ ok: true, value: customerOverview({ accounts: [], count: 7 }) })
    await across
    expect(store.overview?.count).toBe(7)
    // The same customer: what was open stays open.
    expect(store.isExpanded('c2')).toBe(true)
  })

  it('keeps the error of a failed load for the view to show', async () => {
    installFakeApi({
      getCustomer: () =>
        Promise.resolve({ ok: false, error: { code: 'archive', message: 'Archive busy.' } })
    })
    const store = useCustomerStore()
    await expect(store.load('123')).rejects.toThrow('Archive busy.')
    expect(store.error?.code).toBe('archive')
    expect(store.overview).toBeNull()
  })
})
