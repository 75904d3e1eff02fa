import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip
} from 'chart.js'

/**
 * The parts of Chart.js the dashboard draws with, registered once: bars (stacked, grouped or
 * horizontal) on category and linear scales, with tooltips and a legend. Animations are off:
 * figures that change with every filter should be read, not watched.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)
Chart.defaults.animation = false
Chart.defaults.font.family = getComputedStyle(document.documentElement)
  .getPropertyValue('--font')
  .trim()
