import { watchEffect } from 'vue'
import { windowTitle } from '../lib/windowTitle'
import { useAppStore } from '../stores/app'

/** Keeps the title bar naming the current account, through switches and renames. */
export function useWindowTitle(): void {
  const app = useAppStore()
  watchEffect(() => {
    document.title = windowTitle(app.currentAccount?.name ?? null)
  })
}
