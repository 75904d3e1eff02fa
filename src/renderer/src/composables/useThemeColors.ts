import { onBeforeUnmount, ref, type Ref } from 'vue'

/** The theme's colours a chart draws with: canvas cannot read CSS variables by itself. */
export interface ThemeColors {
  text: string
  muted: string
  grid: string
  surface: string
  border: string
  accent: string
  /** By conversation type; other types take `other`. */
  series: Record<'whatsapp' | 'widget' | 'api' | 'test' | 'other', string>
}

function read(): ThemeColors {
  const style = getComputedStyle(document.documentElement)
  const value = (name: string): string => style.getPropertyValue(name).trim()
  return {
    text: value('--text'),
    muted: value('--text-muted'),
    grid: value('--chart-grid'),
    surface: value('--surface'),
    border: value('--border'),
    accent: value('--accent'),
    series: {
      whatsapp: value('--chart-whatsapp'),
      widget: value('--chart-widget'),
      api: value('--chart-api'),
      test: value('--chart-test'),
      other: value('--chart-other')
    }
  }
}

export function seriesColor(colors: ThemeColors, type: string): string {
  return type in colors.series
    ? colors.series[type as keyof ThemeColors['series']]
    : colors.series.other
}

/**
 * The theme's colours now, read again whenever the system switches between light and dark or
 * asks for more contrast (theme.css has stronger colours for it).
 */
export function useThemeColors(): Ref<ThemeColors> {
  const colors = ref(read())
  const queries = [
    matchMedia('(prefers-color-scheme: dark)'),
    matchMedia('(prefers-contrast: more)')
  ]
  const update = (): void => {
    colors.value = read()
  }
  for (const query of queries) query.addEventListener('change', update)
  onBeforeUnmount(() => {
    for (const query of queries) query.removeEventListener('change', update)
  })
  return colors
}
