import { vi } from 'vitest'

/**
 * happy-dom lays nothing out: give every element the size of a list pane, and every measured
 * row a height, so virtual lists compute a window as they would on screen.
 */
export function fakeLayout({ height = 600, width = 400, rowHeight = 60 } = {}): void {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(height)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(width)
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(rowHeight)
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(width)
}
