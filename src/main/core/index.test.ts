import { describe, expect, it } from 'vitest'
import * as core from './index'

describe('the core library entry', () => {
  it('exports what README.md\'s "The core as a library" names', () => {
    const functions = [
      'openArchive',
      'syncArchive',
      'createInlineWriter',
      'startWriterThread',
      'createInlineReader',
      'startReaderThread',
      'createApiClient',
      'createRatePacer',
      'createPacerRegistry',
      'backfillTranscripts',
      'createTranscriptJobs',
      'createKeytarSecretStore',
      'createMemorySecretStore',
      'apiKeyAccount',
      'exportConversations',
      'exportToFile',
      'runExport',
      'conversationPages'
    ]
    for (const name of functions) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('function')
    }
    const strings = [
      'SOURCE_WRITER_ENTRY',
      'SOURCE_READER_ENTRY',
      'SOURCE_EXPORT_ENTRY',
      'KEYCHAIN_SERVICE'
    ]
    for (const name of strings) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('string')
    }
  })

  it('exports the errors the transcript jobs report', () => {
    expect(new core.NoApiKeyError()).toBeInstanceOf(core.CoreError)
    expect(new core.ConversationNotArchivedError('x')).toBeInstanceOf(core.CoreError)
  })
})
