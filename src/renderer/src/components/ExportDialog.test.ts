import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { idleExport } from '../test/fakeApi'
import type { ExportChoice } from '../stores/export'
import ExportDialog from './ExportDialog.vue'

const CHOICE: ExportChoice = { scope: 'filtered', format: 'csv', transcripts: false }
const mounted: VueWrapper[] = []

function mountDialog(props: Partial<InstanceType<typeof ExportDialog>['$props']> = {}) {
  // The button that opened it, so focus has somewhere to return.
  const opener = document.createElement('button')
  document.body.append(opener)
  opener.focus()
  const wrapper = mount(ExportDialog, {
    attachTo: document.body,
    props: {
      choice: CHOICE,
      status: idleExport(),
      filteredLabel: '12 conversations',
      allLabel: '300 conversations',
      starting: false,
      startError: null,
      ...props
    }
  })
  mounted.push(wrapper)
  return { wrapper, opener }
}

afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount()
  document.body.innerHTML = ''
})

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('ExportDialog', () => {
  it('is a labelled modal dialog that takes focus, and gives it back when closed', async () => {
    const { wrapper, opener } = mountDialog()
    await flush()
    const dialog = wrapper.get('[role="dialog"]')
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(document.getElementById(dialog.attributes('aria-labelledby')!)?.textContent).toBe(
      'Export conversations'
    )
    expect(document.activeElement).toBe(
      wrapper.get('[data-testid="export-scope-filtered"]').element
    )
    expect(wrapper.text()).toContain('The current results (12 conversations)')
    expect(wrapper.text()).toContain('Everything in the archive (300 conversations)')
    wrapper.unmount()
    mounted.length = 0
    expect(document.activeElement).toBe(opener)
  })

  it('keeps Tab inside, both ways round', async () => {
    const { wrapper } = mountDialog()
    await flush()
    const close = wrapper.get('[data-testid="export-close"]').element as HTMLElement
    const start = wrapper.get('[data-testid="export-start"]').element as HTMLElement
    start.focus()
    await wrapper.get('[role="dialog"]').trigger('keydown', { key: 'Tab' })
    expect(document.activeElement).toBe(close)
    await wrapper.get('[role="dialog"]').trigger('keydown', { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(start)
  })

  it('closes on Esc without the key reaching the window’s shortcuts', async () => {
    const { wrapper } = mountDialog()
    let reachedWindow = false
    const listener = (): void => {
      reachedWindow = true
    }
    window.addEventListener('keydown', listener)
    await wrapper.get('[role="dialog"]').trigger('keydown', { key: 'Escape' })
    window.removeEventListener('keydown', listener)
    expect(wrapper.emitted('close')).toHaveLength(1)
    expect(reachedWindow).toBe(false)
  })

  it('emits the choices and the start; says where the transcripts go', async () => {
    const { wrapper } = mountDialog()
    await wrapper.get('[data-testid="export-format-jsonl"]').setValue(true)
    expect(wrapper.emitted('update:choice')?.at(-1)).toEqual([{ ...CHOICE, format: 'jsonl' }])
    await wrapper.get('[data-testid="export-transcripts"]').setValue(true)
    expect(wrapper.emitted('update:choice')?.at(-1)).toEqual([{ ...CHOICE, transcripts: true }])
    expect(wrapper.text()).toContain('in a folder beside the file')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('start')).toHaveLength(1)
  })

  it('shows progress with a Cancel button while it runs, the options locked', async () => {
    const { wrapper } = mountDialog({
      status: idleExport({ phase: 'running', format: 'csv', step: 'writing', done: 6, total: 12 })
    })
    expect(wrapper.get('#export-progress-text').text()).toBe('Writing 6 of 12 conversations…')
    // Each tick is not read out: no live region while it runs.
    expect(wrapper.find('[role="status"], [aria-live]').exists()).toBe(false)
    expect(wrapper.get('progress').attributes('value')).toBe('0.5')
    expect(wrapper.find('[data-testid="export-start"]').exists()).toBe(false)
    expect(wrapper.findAll('fieldset').every((f) => f.attributes('disabled') !== undefined)).toBe(
      true
    )
    await wrapper.get('[data-testid="export-cancel"]').trigger('click')
    expect(wrapper.emitted('cancel')).toHaveLength(1)
  })

  it('moves focus from Start to Cancel and back as the export starts and ends', async () => {
    const { wrapper } = mountDialog()
    await flush()
    ;(wrapper.get('[data-testid="export-start"]').element as HTMLElement).focus()
    await wrapper.setProps({ status: idleExport({ phase: 'running', format: 'csv' }) })
    await flush()
    expect(document.activeElement).toBe(wrapper.get('[data-testid="export-cancel"]').element)
    await wrapper.setProps({ status: idleExport({ phase: 'done', format: 'csv', path: '/a.csv' }) })
    await flush()
    expect(document.activeElement).toBe(wrapper.get('[data-testid="export-start"]').element)
  })

  it('says how it ended: saved where, or why not, as an alert', async () => {
    const saved = mountDialog({
      status: idleExport({ phase: 'done', done: 12, total: 12, path: '/home/me/c.csv' })
    }).wrapper
    expect(saved.get('[data-testid="export-message"]').attributes('role')).toBe('status')
    expect(saved.get('[data-testid="export-message"]').text()).toBe(
      'Saved 12 conversations to /home/me/c.csv.'
    )
    const failed = mountDialog({
      status: idleExport({
        phase: 'failed',
        error: { code: 'file', message: 'The export could not be saved: the disk is full.' }
      })
    }).wrapper
    expect(failed.get('[role="alert"]').text()).toBe(
      'The export could not be saved: the disk is full.'
    )
  })
})
