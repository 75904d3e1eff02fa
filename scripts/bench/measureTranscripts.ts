import Database from 'better-sqlite3'
import { existsSync, statSync } from 'node:fs'
import type { Archive, TranscriptMessage } from '../../src/main/core'
import type { TranscriptTarget, TranscriptToWrite } from '../../src/main/core/archive/archive'
import { MAX_TARGETS } from '../../src/main/core/archive/transcriptTargets'
import type { BenchmarkProgress } from './runBenchmark'
import { seededRandom } from './random'
import { createTextGenerator } from './transcriptText'

export interface TranscriptLoadOptions {
  /** How many conversations get a transcript: the newest, as the backfill fetches them. */
  conversations: number
  /** On average; each transcript has 1 to twice this less one, evenly spread. */
  messagesPerConversation: number
}

export interface TranscriptLoadFigures {
  conversations: number
  messages: number
  averageChars: number
  /** The archive file's growth (log folded in) over the messages written. */
  bytesPerMessage: number
  /** Through writeTranscripts, BULK_BATCH transcripts a transaction. */
  bulkMessagesPerSecond: number
  bulkMs: number
  /** Through writeTranscript, one transcript a transaction, as the backfill commits them. */
  singleTranscripts: number
  singleMessages: number
  singleMessagesPerSecond: number
}

/**
 * Transcripts per writeTranscripts call: one transaction of about 5,000 messages. Bigger
 * transactions made no difference to the rate over a 50,000-conversation trial.
 */
export const BULK_BATCH = 500
/** The share of the transcripts written one a transaction, within these bounds. */
const SINGLE_SHARE = 0.02
const SINGLE_MIN = 500
const SINGLE_MAX = 10_000

function fileBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0)
}

/** Folds the log into the file and truncates it, so the file's size is the archive's. */
function settledBytes(file: string): number {
  const db = new Database(file)
  try {
    db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    db.close()
  }
  return fileBytes(file)
}

/**
 * Gives the newest `conversations` of the archive a transcript each, through the archive's own
 * write path and its own queue (transcriptTargets, newest first, as the backfill walks it):
 * most through writeTranscripts, BULK_BATCH transcripts a transaction (the archive's path for
 * bulk loads), and the newest few last, one a transaction through writeTranscript, which is
 * what the backfill commits, timed into the archive at its full size. Only the writes are timed,
 * not making up the messages.
 */
export function loadTranscripts(
  archive: Archive,
  options: TranscriptLoadOptions,
  progress: BenchmarkProgress
): TranscriptLoadFigures {
  const text = createTextGenerator(17)
  const counts = seededRandom(19)
  const spread = 2 * options.messagesPerConversation - 1
  let messages = 0
  let chars = 0
  const fetchedAt = new Date().toISOString()
  const toWrite = (target: TranscriptTarget): TranscriptToWrite => {
    const transcript: TranscriptMessage[] = text.transcript(1 + Math.floor(counts() * spread))
    messages += transcript.length
    for (const message of transcript) chars += message.content.length
    return {
      id: target.id,
      fetchedAt,
      messages: transcript,
      messageCount: target.messageCount,
      updatedAt: target.updatedAt
    }
  }

  const before = settledBytes(archive.file)
  const singles = Math.min(
    options.conversations,
    Math.max(SINGLE_MIN, Math.min(SINGLE_MAX, Math.round(options.conversations * SINGLE_SHARE)))
  )
  const heldBack: TranscriptTarget[] = []
  let bulkMs = 0
  let bulkMessages = 0
  let written = 0
  let reported = 0
  let after: TranscriptTarget | null = null
  while (written + heldBack.length < options.conversations) {
    const wanted = Math.min(MAX_TARGETS, options.conversations - written - heldBack.length)
    const targets = archive.transcriptTargets({ limit: wanted, before: after })
    if (targets.length === 0) break
    after = targets[targets.length - 1]
    const take = Math.min(singles - heldBack.length, targets.length)
    heldBack.push(...targets.slice(0, take))
    const rest = targets.slice(take)
    for (let i = 0; i < rest.length; i += BULK_BATCH) {
      const counted = messages
      const batch = rest.slice(i, i + BULK_BATCH).map(toWrite)
      const started = performance.now()
      archive.writeTranscripts(batch)
      bulkMs += performance.now() - started
      bulkMessages += messages - counted
      written += batch.length
    }
    if (written - reported >= options.conversations / 10) {
      reported = written
      progress(
        `  ${Math.round((written / options.conversations) * 100)}% (${messages.toLocaleString('en')} messages, ${Math.round(bulkMessages / (bulkMs / 1000)).toLocaleString('en')} messages/s)`
      )
    }
  }

  // The newest last, one a transaction, into the archive at its full size.
  const singleFrom = messages
  let singleMs = 0
  for (const target of heldBack) {
    const transcript = toWrite(target)
    const started = performance.now()
    archive.writeTranscript(transcript)
    singleMs += performance.now() - started
  }
  const singleMessages = messages - singleFrom
  written += heldBack.length

  return {
    conversations: written,
    messages,
    averageChars: chars / Math.max(1, messages),
    bytesPerMessage: (settledBytes(archive.file) - before) / Math.max(1, messages),
    bulkMessagesPerSecond: bulkMessages / (bulkMs / 1000),
    bulkMs,
    singleTranscripts: heldBack.length,
    singleMessages,
    singleMessagesPerSecond: singleMessages / (singleMs / 1000)
  }
}
