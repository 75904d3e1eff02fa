import { CoreError } from '../errors'

/** The account has no API key saved, so nothing can be fetched for it. */
export class NoApiKeyError extends CoreError {
  constructor() {
    super('No API key is saved for this account.')
  }
}

/** A transcript was asked for a conversation the archive does not hold. */
export class ConversationNotArchivedError extends CoreError {
  constructor(readonly id: string) {
    super(`The archive has no conversation with the id ${id}.`)
  }
}
