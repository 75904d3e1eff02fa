import type { Locator } from 'playwright-core'

/** WCAG contrast ratio of two CSS colors as getComputedStyle gives them ("rgb(r, g, b)"). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (color: string): number => {
    const [r = 0, g = 0, bl = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).slice(0, 3)
    const linear = (c: number): number => {
      const s = c / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(bl)
  }
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05)
}

/** An element's border color and the background painted behind it (its own or an ancestor's). */
export function borderAndBackground(element: Locator): Promise<{ border: string; behind: string }> {
  return element.evaluate((node) => {
    const transparent = (color: string): boolean =>
      color === 'transparent' || /rgba\(.*,\s*0\)$/.test(color)
    let behind = 'rgb(255, 255, 255)'
    for (let at: Element | null = node; at; at = at.parentElement) {
      const color = getComputedStyle(at).backgroundColor
      if (!transparent(color)) {
        behind = color
        break
      }
    }
    return { border: getComputedStyle(node).borderTopColor, behind }
  })
}
