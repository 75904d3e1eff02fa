import { extname, join } from 'node:path'
import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron'

const FILTERS: Record<string, SaveDialogOptions['filters']> = {
  '.txt': [{ name: 'Text', extensions: ['txt'] }],
  '.json': [{ name: 'JSON', extensions: ['json'] }],
  '.csv': [{ name: 'CSV (spreadsheets)', extensions: ['csv'] }],
  '.jsonl': [{ name: 'JSON Lines', extensions: ['jsonl'] }]
}

/** The system's save dialog, offering the name in the Downloads folder; null when cancelled. */
export async function chooseSavePath(
  window: BrowserWindow | null,
  defaultName: string
): Promise<string | null> {
  const options: SaveDialogOptions = {
    defaultPath: join(app.getPath('downloads'), defaultName),
    filters: FILTERS[extname(defaultName)]
  }
  const result = window
    ? await dialog.showSaveDialog(window, options)
    : await dialog.showSaveDialog(options)
  return result.canceled || !result.filePath ? null : result.filePath
}
