import type { IpcErrorInfo } from '@shared/ipc/contract'

export interface SyncErrorView {
  text: string
  /** Offer a button opening Settings, where the key can be changed. */
  openSettings: boolean
}

/** A failed sync in plain words, with what to do about it. */
export function describeSyncError(error: IpcErrorInfo): SyncErrorView {
  switch (error.code) {
    case 'auth':
      return {
        text: 'autocalls.ai refused the API key. Enter a new one in Settings.',
        openSettings: true
      }
    case 'no-key':
      return { text: 'No API key is saved. Add one in Settings to sync.', openSettings: true }
    case 'offline':
      return {
        text: 'Could not reach autocalls.ai. The archive still works; sync again when you are back online.',
        openSettings: false
      }
    case 'server':
      return {
        text: 'autocalls.ai is having trouble answering. Try syncing again in a few minutes.',
        openSettings: false
      }
    case 'cancelled':
      return { text: 'Sync cancelled. It resumes where it stopped next time.', openSettings: false }
    default:
      return { text: error.message, openSettings: false }
  }
}
