import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

/** Where the main screens are saved for people to look at (CI keeps the folder as artifacts). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-artifacts', 'screenshots')

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH.`
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // Flags this workplace needs: no sandbox as root, no GPU, and no calls home that a closed
    // network would refuse.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync'
    ]
  })
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
}

/**
 * The page in the light and then the dark theme (`NAME-light.png`, `NAME-dark.png`), as the
 * system's setting picks it; the page is left in the light theme.
 */
export async function saveScreenshotsInBothThemes(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.waitForFunction(
      (dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark,
      colorScheme === 'dark'
    )
    await saveScreenshot(page, `${name}-${colorScheme}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
