const SCROLLING = new Set(['auto', 'scroll', 'overlay'])

/**
 * The nearest ancestor that scrolls vertically, where a list laid out in a page (the customer
 * view's conversations under its figures) is scrolled; the document's scroller when none does.
 */
export function scrollParentOf(element: Element): Element {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (SCROLLING.has(getComputedStyle(parent).overflowY)) return parent
  }
  return document.scrollingElement ?? document.documentElement
}

/**
 * How far below the top of its scroller's content an element is laid out, whatever the
 * scroller's scroll position: layout offsets summed up to the page, as the scroller need not be
 * the element's offset parent.
 */
export function offsetWithin(element: HTMLElement, scroller: Element): number {
  if (!(scroller instanceof HTMLElement)) return pageOffsetOf(element)
  return pageOffsetOf(element) - pageOffsetOf(scroller) - scroller.clientTop
}

function pageOffsetOf(element: HTMLElement): number {
  let top = 0
  for (let at: Element | null = element; at instanceof HTMLElement; at = at.offsetParent) {
    top += at.offsetTop
  }
  return top
}
