export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

/** How much of a saved window must lie on some display for it to be reopened there. */
const MIN_VISIBLE_PX = 64

/**
 * True when the saved bounds still overlap a display's work area by a grabbable margin; a
 * window saved on a monitor since unplugged would otherwise open where no one can reach it.
 */
export function isOnSomeDisplay(bounds: Rectangle, workAreas: readonly Rectangle[]): boolean {
  return workAreas.some((area) => {
    const width =
      Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x)
    const height =
      Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y)
    return width >= MIN_VISIBLE_PX && height >= MIN_VISIBLE_PX
  })
}
