import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { AppState, SyncStatus } from '@shared/ipc/contract'
import { appState, idleBackfill, idleSync, installFakeApi, ok } from '../test/fakeApi'
import { useAppStore } from '../stores/app'
import { useSyncStore } from '../stores/sync'
import { useBackfillStore } from '../stores/backfill'
import SyncStatusBar from './SyncStatusBar.vue'

const RUNNING: SyncStatus = idleSync({
  phase: 'running',
  mode: 'full',
  progress: {
    mode: 'full',
    resumed: false,
    pages: 1_234,
    rows: 1_200,
    inserted: 1_200,
    updated: 0,
    unchanged: 0,
    rowsPerSecond: 850.4,
    elapsedMs: 1_400
  }
})

async function mountBar(state: Partial<AppState>) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const fake = installFakeApi({ getAppState: () => ok(appState(state)) })
  const app = useAppStore()
  const loaded = await app.load()
  useSyncStore().follow(loaded.sync)
  useBackfillStore().follow(loaded.backfill)
  const wrapper = mount(SyncStatusBar, { global: { plugins: [pinia] } })
  return { wrapper, app, ...fake }
}

describe('SyncStatusBar', () => {
  it('shows a running sync’s pages, rows and rate, and cancels it', async () => {
    const { wrapper, api, emitSyncStatus } = await mountBar({ sync: RUNNING })
    const progress = wrapper.find('[data-testid="sync-progress"]')
    expect(progress.text()).toContain('1,234 pages')
    expect(progress.text()).toContain('1,200 rows')
    expect(progress.text()).toContain('850 rows/s')
    expect(wrapper.find('[data-testid="sync-button"]').attributes('disabled')).toBeDefined()

    await wrapper.find('[data-testid="sync-cancel-button"]').trigger('click')
    await flushPromises()
    expect(api.cancelSync).toHaveBeenCalledOnce()
    expect(wrapper.find('[data-testid="sync-cancel-button"]').attributes('disabled')).toBeDefined()
    expect(progress.text()).toContain('Cancelling')

    emitSyncStatus(idleSync({ lastSyncAt: new Date().toISOString() }))
    await flushPromises()
    expect(wrapper.find('[data-testid="sync-progress"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="sync-last-synced"]').text()).toMatch(/^Last synced/)
  })

  it('says a refused key in plain words and opens Settings from there', async () => {
    const { wrapper, app } = await mountBar({
      sync: idleSync({ lastError: { code: 'auth', message: 'HTTP 401' } })
    })
    const error = wrapper.find('[data-testid="sync-error"]')
    expect(error.text()).toContain('refused the API key')
    expect(error.text()).not.toContain('401')
    await error.find('button').trigger('click')
    expect(app.settingsOpen).toBe(true)
  })

  it('leaves an offline failure to the offline banner', async () => {
    const { wrapper } = await mountBar({
      sync: idleSync({ online: false, lastError: { code: 'offline', message: 'ECONNREFUSED' } })
    })
    expect(wrapper.find('[data-testid="sync-error"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('Not synced yet')
  })

  it('marks sample data as a demo, and only then', async () => {
    const demo = await mountBar({ demo: true })
    expect(demo.wrapper.find('[data-testid="demo-badge"]').text()).toBe('Demo')
    const real = await mountBar({ demo: false })
    expect(real.wrapper.find('[data-testid="demo-badge"]').exists()).toBe(false)
  })
})

describe('SyncStatusBar, the transcript backfill', () => {
  it('shows how far it is and how long the rest takes, and pauses and resumes it', async () => {
    const running = idleBackfill({
      phase: 'running',
      done: 1_200,
      total: 50_000,
      remainingMs: 13 * 3_600_000,
      requestsPerMinute: 60
    })
    const { wrapper, api, emitBackfillStatus } = await mountBar({ backfill: running })
    const line = wrapper.find('[data-testid="backfill-progress"]')
    expect(line.find('[data-testid="backfill-text"]').text()).toBe(
      "Transcripts: 1,200 of 50,000, about 13 hours left at the API's limit"
    )
    expect(line.find('progress').attributes('value')).toBe('1200')
    const pause = wrapper.find('[data-testid="backfill-pause"]')
    expect(pause.attributes('aria-label')).toBe('Pause fetching transcripts')
    await pause.trigger('click')
    await flushPromises()
    expect(api.pauseBackfill).toHaveBeenCalledOnce()
    expect(wrapper.find('[data-testid="backfill-text"]').text()).toBe('Transcripts paused')

    await wrapper.find('[data-testid="backfill-resume"]').trigger('click')
    await flushPromises()
    expect(api.resumeBackfill).toHaveBeenCalledOnce()

    emitBackfillStatus({ ...running, done: 1_201 })
    await flushPromises()
    expect(wrapper.find('[data-testid="backfill-text"]').text()).toMatch(/^Transcripts: 1,201 of/)
    emitBackfillStatus(idleBackfill())
    await flushPromises()
    expect(wrapper.find('[data-testid="backfill-progress"]').exists()).toBe(false)
  })

  it('says it is counting, with an indeterminate bar, before a pass has reported', async () => {
    const { wrapper } = await mountBar({
      backfill: idleBackfill({ phase: 'running', done: 0, total: 0 })
    })
    expect(wrapper.find('[data-testid="backfill-text"]').text()).toBe('Transcripts: counting…')
    expect(wrapper.find('progress').attributes('value')).toBeUndefined()
  })

  it('shows nothing about transcripts while the backfill is off', async () => {
    const { wrapper } = await mountBar({ backfill: idleBackfill({ phase: 'off' }) })
    expect(wrapper.find('[data-testid="backfill-progress"]').exists()).toBe(false)
  })
})
