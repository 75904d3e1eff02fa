import { describe, expect, it } from 'vitest'
import { createMemorySecretStore } from './memorySecretStore'

describe('memory secret store', () => {
  it('keeps secrets per account for this process only', async () => {
    const store = createMemorySecretStore()
    await store.set('a', 'one')
    expect(await store.get('a')).toBe('one')
    expect(await store.get('b')).toBeNull()
    expect(await store.delete('a')).toBe(true)
    expect(await store.delete('a')).toBe(false)
    expect(await createMemorySecretStore().get('a')).toBeNull()
  })
})
