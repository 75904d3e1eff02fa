import type { IpcErrorCode } from '@shared/ipc/contract'

/** What went wrong with saving a key, in words for the person at the keyboard. */
export function keyErrorMessage(code: IpcErrorCode, message: string): string {
  if (code === 'auth') return 'autocalls.ai did not accept this API key. Check it and try again.'
  if (code === 'keychain-unavailable')
    return 'This computer has no keychain the app can use, so the key cannot be stored safely. You can still use it until you close the app.'
  if (code === 'offline')
    return 'The server could not be reached. Check your connection and try again.'
  return message
}
