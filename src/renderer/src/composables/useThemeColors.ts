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

/** The theme's colours now, read again whenever the system switches between light and dark. */
export function useThemeColors(): Ref<ThemeColors> {
  const colors = ref(read())
  const scheme = matchMedia('(prefers-color-scheme: dark)')
  const update = (): void => {
    colors.value = read()
  }
  scheme.addEventListener('change', update)
  onBeforeUnmount(() => scheme.removeEventListener('change', update))
  return colors
}
