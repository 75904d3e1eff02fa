import { describe, expect, it, vi } from 'vitest'
import {
  AuthError,
  ConversationNotFoundError,
  CoreError,
  CrawlLoopError,
  ServerUnavailableError,
  SyncCancelledError
} from '../errors'
import { ConversationNotArchivedError, NoApiKeyError } from '../transcripts/transcriptErrors'
import { IpcFailure, MESSAGES, toIpcError } from './toIpcError'

describe('toIpcError', () => {
  it('reports a crawl the server sent round in a circle as the server’s fault, not a bug', () => {
    const loop = new CrawlLoopError('The server sent a page cursor it had already sent.')
    expect(toIpcError(loop)).toEqual({ code: 'server', message: loop.message })
  })

  it('turns what the core reports into a code and a sentence for people', () => {
    expect(toIpcError(new NoApiKeyError())).toEqual({ code: 'no-key', message: MESSAGES.noKey })
    expect(toIpcError(new ConversationNotArchivedError('abc'))).toEqual({
      code: 'not-found',
      message: MESSAGES.notArchived
    })
    expect(toIpcError(new ConversationNotFoundError(404, 'Conversation not found'))).toEqual({
      code: 'not-found',
      message: MESSAGES.notFound
    })
    expect(toIpcError(new ServerUnavailableError('ECONNREFUSED'))).toEqual({
      code: 'offline',
      message: MESSAGES.offline
    })
    expect(toIpcError(new SyncCancelledError()).code).toBe('cancelled')
    const refused = toIpcError(new AuthError(401, 'Unauthenticated'))
    expect(refused).toEqual({ code: 'auth', message: MESSAGES.auth })
    expect(refused.message).not.toMatch(/HTTP|\n/)
  })

  it('passes an IpcFailure through, and hides what is not meant for people', () => {
    const info = { code: 'file', message: 'Saving files is not possible here.' } as const
    expect(toIpcError(new IpcFailure(info))).toBe(info)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect(toIpcError(new Error('SQLITE_CORRUPT at page 7'))).toEqual({
        code: 'internal',
        message: MESSAGES.internal
      })
      expect(toIpcError(new CoreError('Writing to the archive failed: disk full'))).toEqual({
        code: 'internal',
        message: 'Writing to the archive failed: disk full'
      })
      expect(logged).toHaveBeenCalledTimes(2)
    } finally {
      logged.mockRestore()
    }
  })
})
