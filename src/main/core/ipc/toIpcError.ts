import type { IpcErrorInfo } from '../../../shared/ipc/contract'
import {
  ArchiveVersionError,
  AuthError,
  ConversationNotFoundError,
  CoreError,
  CrawlLoopError,
  NotAnArchiveError,
  RequestRejectedError,
  ResponseFormatError,
  SecretStoreUnavailableError,
  ServerFailingError,
  ServerUnavailableError,
  SyncCancelledError,
  UsageError
} from '../errors'
import { ConversationNotArchivedError, NoApiKeyError } from '../transcripts/transcriptErrors'
import { archiveFileError } from './archiveFileErrors'

/** Thrown inside the handler table when the answer is a known code with a sentence for people. */
export class IpcFailure extends Error {
  constructor(readonly info: IpcErrorInfo) {
    super(info.message)
  }
}

export const MESSAGES = {
  noKey: 'No API key is saved: add the key from your autocalls.ai account in Settings.',
  auth: 'The API refused the API key: check the key in Settings.',
  offline:
    'The server cannot be reached. The archive still works offline; sync resumes when the connection is back.',
  server: 'The server answered something unexpected. Try again later.',
  notFound: 'The server no longer has this conversation; what the archive holds of it is kept.',
  notArchived: 'The archive has no conversation with this id.',
  internal: 'Something went wrong inside the app. Try again; if it persists, restart the app.'
} as const

function failing(status: number): string {
  if (status === 429) {
    return 'The server kept answering "too many requests" (HTTP 429) after every retry. The archive still works; try again in a few minutes.'
  }
  return `The server kept failing (HTTP ${status}) after every retry. The archive still works; try again in a few minutes.`
}

/**
 * Maps anything thrown to a code and one plain sentence. Internals (stacks, SQL) go to stderr
 * only: the renderer gets what a person can act on.
 */
export function toIpcError(error: unknown): IpcErrorInfo {
  if (error instanceof IpcFailure) return error.info
  if (error instanceof NoApiKeyError) return { code: 'no-key', message: MESSAGES.noKey }
  if (error instanceof ConversationNotArchivedError) {
    return { code: 'not-found', message: MESSAGES.notArchived }
  }
  if (error instanceof AuthError) return { code: 'auth', message: MESSAGES.auth }
  if (error instanceof ResponseFormatError) return { code: 'server', message: MESSAGES.server }
  if (error instanceof ServerFailingError) return { code: 'server', message: failing(error.status) }
  if (error instanceof ServerUnavailableError) return { code: 'offline', message: MESSAGES.offline }
  if (error instanceof ConversationNotFoundError) {
    return { code: 'not-found', message: MESSAGES.notFound }
  }
  if (error instanceof RequestRejectedError) {
    return { code: 'server', message: `The server rejected the request: ${error.message}` }
  }
  // The server sent the crawl round in a circle: its fault, said in the error's own words.
  if (error instanceof CrawlLoopError) return { code: 'server', message: error.message }
  if (error instanceof SyncCancelledError) return { code: 'cancelled', message: 'Sync cancelled.' }
  if (error instanceof SecretStoreUnavailableError) {
    return {
      code: 'keychain-unavailable',
      message:
        'The system keychain cannot be used on this computer, so the key can be kept for this session only.'
    }
  }
  if (error instanceof UsageError) return { code: 'invalid-input', message: error.message }
  if (error instanceof ArchiveVersionError || error instanceof NotAnArchiveError) {
    return { code: 'not-an-archive', message: error.message }
  }
  const fileError = archiveFileError(error)
  console.error('IPC handler failed:', error)
  if (fileError) return fileError
  if (error instanceof CoreError) return { code: 'internal', message: error.message }
  return { code: 'internal', message: MESSAGES.internal }
}
