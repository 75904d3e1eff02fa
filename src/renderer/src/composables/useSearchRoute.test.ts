import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { defineComponent, h } from 'vue'
import { installFakeApi } from '../test/fakeApi'
import { testRouter } from '../test/router'
import { useSearchStore } from '../stores/search'
import { useSearchRoute } from './useSearchRoute'

const Host = defineComponent({
  setup() {
    useSearchRoute()
    return () => h('div')
  }
})

let pinia: Pinia
enableAutoUnmount(afterEach)
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  installFakeApi()
})

describe('useSearchRoute', () => {
  it('writes what the person types into the address', async () => {
    const router = await testRouter('/search?q=refund')
    mount(Host, { global: { plugins: [pinia, router] } })
    const search = useSearchStore()
    expect(search.input).toBe('refund')
    search.input = 'refund policy'
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'refund policy' })
  })

  it('leaves the address alone when the store is emptied for another account', async () => {
    const router = await testRouter('/search?q=refund&type=api')
    mount(Host, { global: { plugins: [pinia, router] } })
    const search = useSearchStore()
    await flushPromises()
    search.reset()
    await flushPromises()
    // The address being opened for the new account says what to show, not the emptied store.
    expect(router.currentRoute.value.fullPath).toBe('/search?q=refund&type=api')
  })
})
