import { readdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveScreenshotsInBothThemes } from './support/browser'
import { startAppUnderTest, type AppUnderTest } from './support/appUnderTest'

const GARBAGE = Buffer.from('These are notes, not a database. '.repeat(40))

describe('a file that is not an archive where the archive should be', () => {
  let app: AppUnderTest

  beforeAll(async () => {
    app = await startAppUnderTest({ archiveBytes: GARBAGE })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('says so, leaves the file as it is, and offers a new archive', async () => {
    const { page } = app
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toMatch(/is not a Conversation Browser archive/)
    await saveScreenshotsInBothThemes(page, '40-not-an-archive')
    expect(readFileSync(app.dbPath).equals(GARBAGE)).toBe(true)
  })

  it('starts a new archive and keeps the old file beside it', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'Start a new archive' }).click()
    await page.getByTestId('welcome-screen').waitFor()
    const kept = page.getByTestId('kept-aside')
    await kept.waitFor()
    await saveScreenshotsInBothThemes(page, '41-new-archive-started')
    const keptName = readdirSync(dirname(app.dbPath)).find((name) =>
      name.startsWith('archive.sqlite3.not-an-archive-')
    )
    expect(keptName).toBeDefined()
    expect(await kept.innerText()).toContain(keptName!)
    expect(readFileSync(`${dirname(app.dbPath)}/${keptName!}`).equals(GARBAGE)).toBe(true)
  })
})
