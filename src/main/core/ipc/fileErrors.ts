/** The file system's reason in plain words: its message names the temporary file instead. */
export function whyNotWritten(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENOENT':
    case 'ENOTDIR':
      return 'the folder does not exist'
    case 'ENOSPC':
      return 'the disk is full'
    case 'EROFS':
      return 'the disk is read-only'
    default:
      return typeof code === 'string'
        ? `the file could not be written (${code})`
        : 'the file could not be written'
  }
}
