/**
 * Every failure the core reports on purpose. Each carries a message written for a person, so
 * the CLI and the UI can show `error.message` as it is; `exitCode` is the CLI's.
 */
export class CoreError extends Error {
  readonly exitCode: number = 1
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** Bad input from the user: a flag, a query, a date. */
export class UsageError extends CoreError {
  override readonly exitCode = 2
}

/** 401 or 403: the key is wrong, revoked, or lacks access. Never retried. */
export class AuthError extends CoreError {
  override readonly exitCode = 3
  constructor(
    readonly status: number,
    detail?: string
  ) {
    super(
      `The API refused the API key (HTTP ${status}${detail ? `: ${detail}` : ''}). ` +
        'Check the key in your autocalls.ai account and save it again.'
    )
  }
}

/** The server could not be reached or kept failing after every retry. */
export class ServerUnavailableError extends CoreError {
  override readonly exitCode = 4
}

/** The server answered with something that is not the documented JSON. */
export class ResponseFormatError extends ServerUnavailableError {}

/**
 * The server answered, every time, with a status worth retrying (5xx, 408, 429): it is
 * reachable but failing or throttling, which a person should not be told is being offline.
 */
export class ServerFailingError extends ServerUnavailableError {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** 422 and other 4xx: the server rejected the request; its message is shown. Never retried. */
export class RequestRejectedError extends CoreError {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** Get Conversation answered "Conversation not found": the server no longer has it. */
export class ConversationNotFoundError extends RequestRejectedError {}

/** The crawl went round in a circle: a cursor came back, or a page did not move on. */
export class CrawlLoopError extends CoreError {}

/** The archive file was written by a newer version of the app. */
export class ArchiveVersionError extends CoreError {}

/**
 * The file where an archive was expected is something else (another program's database, not a
 * database at all). Nothing was written to it; the app offers to set it aside and start anew.
 */
export class NotAnArchiveError extends CoreError {
  constructor(
    readonly file: string,
    reason: string
  ) {
    super(
      `The file ${file} is not a Conversation Browser archive: ${reason}. It was left as it is.`
    )
  }
}

/** A sync was cancelled through its AbortSignal. */
export class SyncCancelledError extends CoreError {
  constructor() {
    super('Sync cancelled.')
  }
}

/** A secret store (OS keychain) that cannot be used on this machine. */
export class SecretStoreUnavailableError extends CoreError {}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
