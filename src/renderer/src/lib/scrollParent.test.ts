import { afterEach, describe, expect, it } from 'vitest'
import { scrollParentOf } from './scrollParent'

afterEach(() => {
  document.body.innerHTML = ''
})

describe('scrollParentOf', () => {
  it('finds the nearest ancestor that scrolls vertically, past those that do not', () => {
    document.body.innerHTML = `
      <div id="outer" style="overflow-y: auto">
        <main id="inner" style="overflow-y: scroll">
          <section style="overflow-y: visible"><ul id="list"></ul></section>
        </main>
      </div>`
    const list = document.getElementById('list')!
    expect(scrollParentOf(list).id).toBe('inner')
    expect(scrollParentOf(document.getElementById('inner')!).id).toBe('outer')
  })

  it('answers the document’s scroller when no ancestor scrolls', () => {
    document.body.innerHTML = '<div><ul id="list"></ul></div>'
    expect(scrollParentOf(document.getElementById('list')!)).toBe(
      document.scrollingElement ?? document.documentElement
    )
  })
})
