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
