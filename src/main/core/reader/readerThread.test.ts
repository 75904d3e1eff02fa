import { describe, expect, it } from 'vitest'
import { openArchive } from '../archive/openArchive'
import { makeCheckpoint, useTempDir } from '../archive/testArchive'
import { makeRow, makeWhatsAppRow } from '../archive/testRows'
import { currentTranscript } from '../archive/testTranscripts'
import { CoreError, UsageError } from '../errors'
import type { Archive } from '../archive/archive'
import { createInlineReader, type ArchiveReader } from './archiveReader'
import { SOURCE_READER_ENTRY } from './readerEntry'
import { startReaderThread } from './readerThread'

const { tempFile } = useTempDir()
const SEEN = '2025-02-02T00:00:00.000Z'

function archiveWithRows(file: string) {
  const archive = openArchive(file)
  archive.writePage(
    [
      makeWhatsAppRow('a', '+14155550001'),
      makeRow({ id: 'b', type: 'api', external_identifier: 'crm-42', total_cost: 0.5 }),
      makeWhatsAppRow('c', '+442071838750', { created_at: '2025-01-26T09:00:00.000Z' })
    ],
    SEEN,
    makeCheckpoint()
  )
  return archive
}

/** Runs `check` against a reader thread on a fresh three-row archive, then closes both. */
async function withReaderThread(
  check: (reader: ArchiveReader, archive: Archive) => Promise<void>
): Promise<void> {
  const file = tempFile()
  const archive = archiveWithRows(file)
  try {
    const reader = await startReaderThread(file, SOURCE_READER_ENTRY)
    try {
      await check(reader, archive)
    } finally {
      await reader.close()
    }
  } finally {
    archive.close()
  }
}

describe('startReaderThread', () => {
  it('answers every read exactly as the archive does on this thread', async () => {
    await withReaderThread(async (reader, archive) => {
      const inline = createInlineReader(archive)
      const phone = { phone: '555 0001' }
      expect((await reader.search(phone)).conversations.map((c) => c.id)).toEqual(['a'])
      expect(await reader.search({ type: 'whatsapp' })).toEqual(
        await inline.search({ type: 'whatsapp' })
      )
      expect(await reader.count({ type: 'whatsapp' }, 10)).toBe(2)
      expect(await reader.get('b')).toEqual(archive.get('b'))
      expect(await reader.get('missing')).toBeNull()
      expect(await reader.stats()).toEqual(archive.stats())
      expect(await reader.types()).toEqual(['api', 'whatsapp'])
      expect(await reader.assistants()).toEqual(archive.assistants())
      expect(await reader.senders()).toEqual(archive.senders())
      expect(await reader.transcript('a')).toEqual(archive.transcript('a'))
      expect(await reader.transcript('missing')).toBeNull()
      expect(await reader.customer('14155550001')).toEqual(archive.customer('14155550001'))
      expect((await reader.customer('+1 415 555 0001')).count).toBe(1)
    })
  })

  it('reads transcripts, and finds words in them with snippets', async () => {
    await withReaderThread(async (reader, archive) => {
      archive.writeTranscript(currentTranscript(archive, 'b', ['Hola', 'Su pedido, señor']))
      expect((await reader.transcript('b'))?.messages).toEqual([
        { role: 'user', content: 'Hola' },
        { role: 'assistant', content: 'Su pedido, señor' }
      ])
      const page = await reader.search({ text: 'senor' })
      expect(page.conversations.map((c) => c.id)).toEqual(['b'])
      expect(page.snippets?.b).toMatchObject({ role: 'assistant', position: 1 })
    })
  })

  it('sees what another connection commits after it started', async () => {
    await withReaderThread(async (reader, archive) => {
      expect(await reader.count({}, 100)).toBe(3)
      archive.writePage([makeRow({ id: 'later' })], SEEN, makeCheckpoint())
      expect(await reader.count({}, 100)).toBe(4)
      expect((await reader.get('later'))?.id).toBe('later')
    })
  })

  it('answers bad input with the UsageError the archive raised, and keeps answering', async () => {
    await withReaderThread(async (reader) => {
      const refused = reader.search({ phone: '1' })
      await expect(refused).rejects.toBeInstanceOf(UsageError)
      await expect(refused).rejects.toThrow('To search by phone, type at least 3 digits.')
      expect(await reader.count({}, 100)).toBe(3)
    })
  })

  it('is no longer alive once closed, and its queries then fail', async () => {
    const file = tempFile()
    const archive = archiveWithRows(file)
    const reader = await startReaderThread(file, SOURCE_READER_ENTRY)
    expect(reader.alive()).toBe(true)
    await reader.close()
    expect(reader.alive()).toBe(false)
    await expect(reader.count({})).rejects.toBeInstanceOf(CoreError)
    archive.close()
  })

  it('rejects with the reason when the archive cannot be opened', async () => {
    const start = startReaderThread(tempFile('missing.sqlite3'), SOURCE_READER_ENTRY)
    await expect(start).rejects.toBeInstanceOf(CoreError)
    await expect(start).rejects.toThrow(/Cannot open the archive/)
  })
})
