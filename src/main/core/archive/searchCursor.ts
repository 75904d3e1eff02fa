import { UsageError } from '../errors'

/** Where a page ended: the last row's sort key. The next page starts just below it. */
export interface CursorPosition {
  /** created_at in epoch ms, as stored. */
  createdAt: number
  rowid: number
}

/** Opaque to callers: base64url of `[created_at, rowid]`. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.rowid])).toString('base64url')
}

/** A cursor comes from outside (CLI flag, IPC), so it is checked before it reaches SQL. */
export function decodeCursor(cursor: string): CursorPosition {
  const invalid = new UsageError(
    'That page cursor is not valid: start the search again from the first page.'
  )
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid
  const [createdAt, rowid]: unknown[] = decoded
  if (!Number.isSafeInteger(createdAt) || !Number.isSafeInteger(rowid)) throw invalid
  if ((rowid as number) < 1) throw invalid
  return { createdAt: createdAt as number, rowid: rowid as number }
}
