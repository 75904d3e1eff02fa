/** The keys the conversation list answers, each moving its selection. */
export type ListKey = 'ArrowDown' | 'ArrowUp' | 'Home' | 'End' | 'PageDown' | 'PageUp'

const LIST_KEYS: readonly string[] = ['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp']

export function isListKey(key: string): key is ListKey {
  return LIST_KEYS.includes(key)
}

/**
 * The row a key selects in a list of `count` rows where `from` is selected (-1 for none) and
 * `pageRows` rows fit on screen; null when the list is empty. With nothing selected, Down,
 * PageDown and Home start at the first row, Up, PageUp and End at the last, as in a listbox.
 * End is the last row loaded: reaching it loads the next page, so End again goes further.
 */
export function listKeyTarget(
  key: ListKey,
  from: number,
  count: number,
  pageRows: number
): number | null {
  if (count === 0) return null
  const last = count - 1
  const page = Math.max(1, pageRows)
  const clamp = (index: number): number => Math.min(last, Math.max(0, index))
  switch (key) {
    case 'Home':
      return 0
    case 'End':
      return last
    case 'ArrowDown':
      return from < 0 ? 0 : clamp(from + 1)
    case 'ArrowUp':
      return from < 0 ? last : clamp(from - 1)
    case 'PageDown':
      return from < 0 ? 0 : clamp(from + page)
    case 'PageUp':
      return from < 0 ? last : clamp(from - page)
  }
}

/** Rows a page key moves: those wholly on screen less one, so one row stays in view. */
export function rowsPerPage(viewportHeight: number, rowHeight: number): number {
  return Math.max(1, Math.floor(viewportHeight / rowHeight) - 1)
}
